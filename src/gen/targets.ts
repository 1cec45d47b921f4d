import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_ROOT } from '../paths.js';
import type { TypesTarget } from './types.js';

/** The vendor format's schema and the names of its types (today's hand-written names). */
export function vendorFileTarget(root = BUILTIN_ROOT): TypesTarget & { output: string } {
  return {
    source: 'mocks/lifecycle.schema.json',
    output: 'src/format/vendor-file.generated.ts',
    schema: readJson(join(root, 'mocks', 'lifecycle.schema.json')),
    names: {
      '': 'VendorFile',
      '/properties/status': 'StatusSpec',
      '/properties/status/properties/states/additionalProperties': 'StateDefinition',
      '/properties/mock': 'MockSpec',
      '/properties/mock/properties/work': 'WorkSpec',
      '/properties/mock/properties/hooks': 'PlanHooks',
      '/properties/mock/properties/hooks/properties/piece-groups': 'PieceGroupsHook',
      '/properties/mock/properties/scenarios/additionalProperties': 'Scenario',
      '/properties/mock/properties/scenarios/additionalProperties/properties/steps/items': 'Step',
      '/properties/mock/properties/controls': 'Controls',
      '/properties/api': 'ApiSpec',
      '/properties/api/properties/errors': 'ErrorsSpec',
      '/properties/rules/additionalProperties': 'RuleSetting',
      '/$defs/range': 'Range',
      '/$defs/condition': 'Condition',
      '/$defs/field': 'FieldSpec',
      '/$defs/control': 'Control',
      '/$defs/followUp': 'FollowUp',
      '/$defs/response': 'ResponseSpec',
      '/$defs/route': 'RouteSpec',
      '/$defs/route/properties/list': 'ListSpec',
      '/$defs/route/properties/list/properties/cursor/oneOf/1': 'CursorSpec',
      '/$defs/route/properties/create': 'CreateSpec',
      '/$defs/route/properties/lookup': 'LookupSpec',
      '/$defs/errorKind': 'ErrorKind',
    },
  };
}

/** The contract suite's schema and the names of its types (those of contract/suite.ts). */
export function suiteFileTarget(root = BUILTIN_ROOT): TypesTarget & { output: string } {
  return {
    source: 'contracts/suite.schema.json',
    output: 'src/contract/suite-file.generated.ts',
    schema: readJson(join(root, 'contracts', 'suite.schema.json')),
    names: {
      '': 'SuiteFile',
      '/properties/steps/items': 'StepSpec',
      '/properties/steps/items/properties/poll': 'PollSpec',
      '/properties/steps/items/properties/poll/properties/cancel': 'PollCancel',
      '/properties/steps/items/properties/poll/properties/expect': 'PollExpectation',
      '/$defs/request': 'RequestSpec',
      '/$defs/statusExpectation': 'StatusExpectation',
      '/$defs/capture': 'Capture',
    },
  };
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}
