// Preloaded into a benchmarked command (node --require): reports the process's peak RSS as it exits,
// so the bench can show that streaming validation does not grow with the file.
process.on('exit', () => {
  process.stderr.write(`\npeak-rss-kib ${process.resourceUsage().maxRSS}\n`);
});
