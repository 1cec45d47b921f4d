import type { RouteSpec } from '../types.js';
import { cancel } from './cancel.js';
import { create } from './create.js';
import { list } from './list.js';
import { lookup } from './lookup.js';
import { staticAction } from './static.js';
import { status } from './status.js';
import type { Action } from './types.js';

/** Every route action, by the name a lifecycle file gives it. */
export const ACTIONS: Readonly<Record<RouteSpec['action'], Action>> = {
  status,
  list,
  create,
  cancel,
  static: staticAction,
  lookup,
};

export type {
  Action,
  ActionRequest,
  DescribeRequest,
  Examples,
  OperationPart,
  ServedRoute,
} from './types.js';
