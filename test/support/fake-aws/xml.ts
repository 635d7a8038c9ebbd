/**
 * A tiny XML writer for AWS query-protocol answers. Elements are written exactly as named,
 * so each API file spells AWS's element names (EC2's `instancesSet`/`item`, Auto Scaling's
 * `Instances`/`member`) where a reader can check them against the SDK's schemas.
 */
export type XmlValue = string | number | boolean | Date | null | undefined | XmlNode | XmlNode[];

export interface XmlNode {
  name: string;
  value: XmlValue;
}

/** An element; `undefined`/`null` values are left out entirely, as AWS omits absent members. */
export function el(name: string, value: XmlValue): XmlNode {
  return { name, value };
}

/** A list element of `<item>` (EC2) or `<member>` (Auto Scaling, STS) children. */
export function list<T>(name: string, items: readonly T[] | undefined, member: 'item' | 'member', render: (t: T) => XmlValue): XmlNode {
  return el(name, (items ?? []).map((t) => el(member, render(t))));
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function renderXml(node: XmlNode): string {
  const out: string[] = [];
  write(node, out);
  return out.join('');
}

function write(node: XmlNode, out: string[]): void {
  const v = node.value;
  if (v === undefined || v === null) return;
  if (Array.isArray(v)) {
    out.push(`<${node.name}>`);
    for (const child of v) write(child, out);
    out.push(`</${node.name}>`);
    return;
  }
  if (typeof v === 'object' && !(v instanceof Date)) {
    out.push(`<${node.name}>`);
    write(v, out);
    out.push(`</${node.name}>`);
    return;
  }
  const text = v instanceof Date ? v.toISOString() : String(v);
  out.push(`<${node.name}>${escapeXml(text)}</${node.name}>`);
}
