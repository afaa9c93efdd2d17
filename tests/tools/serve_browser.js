// Drives `chapbook serve` in headless Chromium for tests/serve.rs: opens an entry, takes a
// screenshot, edits the entry's file, waits for the page to reload by itself, takes another,
// breaks book.toml and mends it (the page shows the problem, then the entry again, by itself),
// then runs axe-core on the contents page, the entry, the problem page and every page the
// contents list.
// Prints one JSON object.
//
// Environment: PUPPETEER_DIR (the puppeteer package), AXE_PATH (axe.min.js), CHROMIUM (the
// browser), SERVE_URL (the preview's root), ENTRY_PATH (the page, from the root),
// SOURCE (the entry's file), OLD_TEXT and NEW_TEXT (the edit), BOOK_TOML, BEFORE_PNG,
// AFTER_PNG and FAILED_PNG.
"use strict";
const fs = require("fs");
const puppeteer = require(process.env.PUPPETEER_DIR);

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

async function axe(page) {
  await page.addScriptTag({ path: env("AXE_PATH") });
  const result = await page.evaluate(async () => {
    // Every rule axe runs by default: WCAG 2.x A and AA, and its best practices.
    const r = await window.axe.run(document);
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
  return result;
}

(async () => {
  const browser = await puppeteer.launch({
    executablePath: env("CHROMIUM"),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const out = {};
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 720, height: 540, deviceScaleFactor: 1 });
    const root = env("SERVE_URL");
    const entry = root + env("ENTRY_PATH");
    const response = await page.goto(entry, { waitUntil: "load" });
    out.status_before = response.status();
    out.content_type = response.headers()["content-type"];
    out.text_before = await page.evaluate(() => document.body.innerText);
    await page.screenshot({ path: env("BEFORE_PNG") });
    // A mark that only this load of the page carries: gone after a reload.
    await page.evaluate(() => { window.chapbookTestMark = "before"; });
    const navigated = page.waitForNavigation({ waitUntil: "load", timeout: 600000 });
    const source = env("SOURCE");
    const text = fs.readFileSync(source, "utf8");
    if (!text.includes(env("OLD_TEXT"))) throw new Error("the text to edit is not in the file");
    fs.writeFileSync(source, text.replace(env("OLD_TEXT"), env("NEW_TEXT")));
    const started = Date.now();
    const reloaded = await navigated;
    out.seconds_to_reload = (Date.now() - started) / 1000;
    out.status_after = reloaded ? reloaded.status() : null;
    out.mark_after = await page.evaluate(() => window.chapbookTestMark || null);
    out.text_after = await page.evaluate(() => document.body.innerText);
    await page.screenshot({ path: env("AFTER_PNG") });
    out.axe_entry = await axe(page);
    // A broken book.toml: the open page turns into the list of problems by itself, then back
    // into the entry when the file is mended.
    const bookToml = env("BOOK_TOML");
    const good = fs.readFileSync(bookToml, "utf8");
    const broke = page.waitForNavigation({ waitUntil: "load", timeout: 600000 });
    fs.writeFileSync(bookToml, good + '\nautor = "x"\n');
    out.status_failed = (await broke).status();
    out.text_failed = await page.evaluate(() => document.body.innerText);
    await page.screenshot({ path: env("FAILED_PNG") });
    out.axe_failed = await axe(page);
    const mended = page.waitForNavigation({ waitUntil: "load", timeout: 600000 });
    fs.writeFileSync(bookToml, good);
    out.status_mended = (await mended).status();
    out.text_mended = await page.evaluate(() => document.body.innerText);
    await page.goto(root, { waitUntil: "load" });
    out.index_links = await page.evaluate(() =>
      Array.from(document.querySelectorAll("a")).map((a) => a.getAttribute("href")));
    out.axe_index = await axe(page);
    // Every other page the contents list: entries with their responses, author pages.
    out.axe_pages = {};
    const pages = [...new Set(out.index_links
      .filter((href) => href.startsWith("book/"))
      .map((href) => href.split("#")[0]))];
    for (const href of pages) {
      await page.goto(root + href, { waitUntil: "load" });
      out.axe_pages[href] = await axe(page);
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out) + "\n");
})().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + "\n");
  process.exit(1);
});
