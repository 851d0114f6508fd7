/** The JSON a page embeds for its charts (the `obsforge-data` block), parsed. */
export function embeddedData<T>(page: string): T {
  const block = /<script type="application\/json" id="obsforge-data">(.*?)<\/script>/s.exec(page);
  if (block === null) throw new Error("the page has no obsforge-data block");
  return JSON.parse(block[1]!) as T;
}
