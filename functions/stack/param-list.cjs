// The stack's variable sources read their comma-separated deploy parameters (`--param="clusters=web,db"`) alike.

/** The trimmed, non-empty items of the deploy parameter `name`; none when it is unset. */
module.exports.listParam = async (resolveVariable, name) =>
  String((await resolveVariable(`param:${name}, ''`)) || "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
