// Serverless variable source: the deploy parameters serverless.yml uses as plain values, each checked at package
// time (`sls package`, `sls deploy`), so a value that would break the controller is refused before anything is
// deployed: `${file(./functions/stack/params.cjs):dryRun}`. Each refusal is one line naming the parameter, the
// value and what it accepts ({@link refusal}); the list parameters (clusters, notify) are checked by their own
// sources (node-roles.cjs, notices.cjs) with the same refusal.

/**
 * An error whose stack is its message: serverless prints a variable source's error with its stack, and a bad
 * parameter is the operator's to fix, not a trace to read.
 */
const refusal = (message) => {
  const error = new Error(message);
  error.stack = message;
  return error;
};

// An SSM parameter path: "/" then segments of letters, digits and _.- (no trailing slash), not under the
// reserved /aws or /ssm; 1011 characters at most, as Parameter Store allows for a parameter's full name.
const CONFIG_PATH = /^(\/[A-Za-z0-9_.-]+)+$/;
const RESERVED = /^\/(aws|ssm)(\/|$)/i;
// EventBridge schedule expressions: rate(1 minute), rate(5 minutes), cron(0/5 * * * ? *).
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(\S+( \S+){5}\)$/;

/** `configPath`: where the cluster documents are (IAM's resource and the controller's CONFIG_PREFIX). */
function configPath(value) {
  const v = String(value ?? "");
  if (CONFIG_PATH.test(v) && !RESERVED.test(v) && v.length <= 1000) return v;
  throw refusal(
    `configPath: '${v}' is not valid (expected an SSM path: /, then segments of letters, digits and _.-, no trailing slash, not under /aws or /ssm; e.g. /eip-failover/clusters)`,
  );
}

/** `dryRun`: the controller's DRY_RUN; anything else would stop the Lambda at cold start. */
function dryRun(value) {
  const v = String(value ?? "");
  if (v === "true" || v === "false") return v;
  throw refusal(`dryRun: '${v}' is not valid (expected true or false)`);
}

/** `sweepSchedule`: how often the sweep runs, as an EventBridge schedule expression. */
function sweepSchedule(value) {
  const v = String(value ?? "");
  const rate = RATE.exec(v);
  const singular = rate && (rate[1] === "1") === !rate[2].endsWith("s");
  if ((rate && Number(rate[1]) > 0 && singular) || CRON.test(v)) return v;
  throw refusal(
    `sweepSchedule: '${v}' is not valid (expected an EventBridge schedule expression, e.g. rate(1 minute), rate(5 minutes) or cron(0/5 * * * ? *))`,
  );
}

module.exports = async ({ resolveVariable }) => ({
  configPath: configPath(await resolveVariable("param:configPath")),
  dryRun: dryRun(await resolveVariable("param:dryRun")),
  sweepSchedule: sweepSchedule(await resolveVariable("param:sweepSchedule")),
});
module.exports.refusal = refusal;
