// esbuild plugins for serverless-esbuild (custom.esbuild.plugins in serverless.yml): the same tree-shaking
// help the local build gets, so `sls package` ships the same small bundle.
module.exports = [require("./sdk-schema-keys.cjs").inlineSchemaKeys];
