// Runs Lighthouse on pages of a running site in one Chromium whose cookies are set first
// (the theme, and a signed-in session for the dashboard: a Cookie header given to
// Lighthouse would not reach the dashboard's htmx requests). bench/lighthouse.sh runs it
// from the folder where it installed lighthouse.
//   node lighthouse.mjs BASE SESSION CATEGORIES THEME PAGE...
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import puppeteer from "puppeteer-core";

const [base, session, categories, theme, ...pages] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH, chromeFlags: ["--headless=new", "--no-sandbox"] });
let failed = false;
try {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
  const [tab] = await browser.pages();
  const cookies = [{ name: "theme", value: theme, url: base }];
  if (session) cookies.push({ name: "sitecard_session", value: session, url: base });
  await tab.setCookie(...cookies);
  for (const path of pages) {
    const { lhr } = await lighthouse(base + path, { port: chrome.port, onlyCategories: categories.split(","), disableStorageReset: true, logLevel: "error", output: "json" });
    const scores = Object.values(lhr.categories).map((c) => `${c.id} ${Math.round(c.score * 100)}`).join("  ");
    console.log(`${path.padEnd(24)} ${theme.padEnd(6)} ${scores}  (${new URL(lhr.finalDisplayedUrl).pathname})`);
    for (const a of Object.values(lhr.audits)) {
      if (a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary") {
        failed = true;
        console.log(`    failed: ${a.id}: ${a.title}`);
        for (const item of (a.details && a.details.items) || []) if (item.node) console.log(`      ${item.node.snippet.slice(0, 120)}`);
      }
    }
  }
  await browser.disconnect();
} finally {
  await chrome.kill();
}
process.exit(failed ? 1 : 0);
