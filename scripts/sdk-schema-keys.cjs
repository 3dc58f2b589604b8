// The SDK's generated EC2 schema file keeps every shape alive through computed keys (`{ [_xN]: … }`) that
// esbuild must treat as impure; inlining those constant keys lets tree-shaking drop the ~2,000 shapes a bundle
// never sends. Used by the agent's and the Lambda's builds.
const { readFile } = require("node:fs/promises");

/** Replaces `[_name]:` keys in the SDK's generated schema files by the string constants they name. */
const inlineSchemaKeys = {
  name: "inline-schema-keys",
  setup(b) {
    b.onLoad({ filter: /[\\/]schemas[\\/]schemas_\d+\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const consts = new Map();
      for (const m of source.matchAll(/^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm)) consts.set(m[1], m[2]);
      const contents = source.replace(/\[(_\w+)\]:/g, (all, name) =>
        consts.has(name) ? `${consts.get(name)}:` : all,
      );
      return { contents, loader: "js" };
    });
  },
};

module.exports = { inlineSchemaKeys };
