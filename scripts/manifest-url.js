// The manifest for a production URL: every https://localhost:3000/ replaced by the base URL the add-in is served
// from, escaped for XML (a URL's query may hold "&", which would make the manifest ill-formed). Used by the add-in
// build (webpack.config.js) and so by the release (scripts/release.js).
const DEV_URL = "https://localhost:3000/";

/** The production base URL, with its trailing slash; undefined when none is given. `name` is how the user gave it. */
function productionUrl(url, name = "ADDIN_URL") {
  if (!url) return undefined;
  if (!/^https:\/\/[^\s"<>]+$/.test(url)) {
    throw new Error(`${name} 必须是 https:// 地址，不含空格、引号、< 和 >，现为 "${url}" / ${name} must be an https:// URL, got "${url}"`);
  }
  return url.endsWith("/") ? url : `${url}/`;
}

/** Text as it may stand inside an XML attribute or element. */
function xmlEscape(text) {
  return text.replace(/&/g, "&amp;").replace(/'/g, "&apos;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The manifest's text with every dev URL pointing at `baseUrl` (already checked by productionUrl). */
function manifestFor(xml, baseUrl) {
  // Every occurrence, not only the first (the template's String.replace misses the rest).
  return xml.split(DEV_URL).join(xmlEscape(baseUrl));
}

module.exports = { DEV_URL, productionUrl, manifestFor };
