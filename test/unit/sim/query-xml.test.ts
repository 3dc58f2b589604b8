import { describe, expect, it } from "vitest";
import { itemsOf, listParam, ownField, splice } from "../../../sim/query-xml.ts";

// Two reservations, each with its own instancesSet whose items nest sets of their own.
const instances = (id: string) =>
  `<item><networkInterfaceSet><item><networkInterfaceId>eni-${id}</networkInterfaceId><privateIpAddressesSet><item><primary>true</primary></item></privateIpAddressesSet></item></networkInterfaceSet><groupSet/><instanceId>i-${id}</instanceId></item>`;
const xml = `<R><reservationSet><item><reservationId>r-1</reservationId><groupSet/><instancesSet>${instances("a")}</instancesSet></item><item><reservationId>r-2</reservationId><instancesSet>${instances("b")}${instances("c")}</instancesSet></item></reservationSet></R>`;

describe("query-protocol XML, item by item", () => {
  it("finds the top-level items of every set of that name, nested sets and <item/> aside", () => {
    const items = itemsOf(xml, "instancesSet");
    expect(items.map((i) => i.text)).toEqual([instances("a"), instances("b"), instances("c")]);
    for (const i of items) expect(xml.slice(i.start, i.end)).toBe(i.text);
    expect(itemsOf(xml, "reservationSet")).toHaveLength(2);
    expect(itemsOf("<A><addressesSet/></A>", "addressesSet")).toEqual([]);
    expect(itemsOf("<A/>", "addressesSet")).toEqual([]);
  });

  it("reads an item's own field, not one of a nested item", () => {
    const item = `<item><attachment><item><instanceId>i-nested</instanceId></item></attachment><instanceId>i-own</instanceId></item>`;
    expect(ownField(item, "instanceId")).toBe("i-own");
    expect(ownField(item, "missing")).toBeUndefined();
  });

  it("replaces spans in any order", () => {
    expect(
      splice("abcdef", [
        { start: 4, end: 5, text: "E" },
        { start: 0, end: 2, text: "" },
      ]),
    ).toBe("cdEf");
  });

  it("reads a list parameter in its numbered order", () => {
    const params = new URLSearchParams("InstanceId.2=i-b&InstanceId.1=i-a&InstanceIds=x&Other.1=y");
    expect(listParam(params, "InstanceId")).toEqual(["i-a", "i-b"]);
    expect(listParam(params, "AllocationId")).toEqual([]);
  });
});
