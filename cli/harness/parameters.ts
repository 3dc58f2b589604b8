import { PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { DEFAULT_CONFIG_PREFIX } from "../../functions/constants.ts";

/**
 * Stores one cluster document where the controller reads it (`prefix` + `name`). An object is stored as
 * JSON; a string is stored as it is, so a test can store an invalid document on purpose.
 *
 * @example
 * await putCluster(region.ssm("admin"), "web", { name: "web", addresses: [...], members: [...] });
 */
export async function putCluster(
  ssm: SSMClient,
  name: string,
  doc: unknown,
  prefix: string = DEFAULT_CONFIG_PREFIX,
): Promise<void> {
  await ssm.send(
    new PutParameterCommand({
      Name: `${prefix}${name}`,
      Value: typeof doc === "string" ? doc : JSON.stringify(doc),
      Type: "String",
      Overwrite: true,
    }),
  );
}
