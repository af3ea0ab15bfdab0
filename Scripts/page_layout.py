#!/usr/bin/env python3
"""Checks that Descent's pages fit their window, in a headless Chromium (Playwright with the system browser).

    python3 Scripts/page_layout.py CHROMIUM SCREENSHOT_DIR NAME=URL [NAME=URL …]

Each page is opened at 1400 × 1000 (a desktop) and 390 × 844 (a phone). A page named `playground`
is the live page: the Optimization lab's preset is loaded (its three cards must show before
play) and played until every card has trained a while; `playground-diverged` is the live page
with a URL whose run diverges, measured once the card says so. For every page and width it records:

- `overflow`: the page is wider than the window (it would scroll sideways);
- `wide`: elements that stick out of their card or figure (the card's class and the element);
- `long_numbers`: visible numbers with more than 7 significant digits (commands, which must keep
  every digit to reproduce a run, are left out);
- `has_command`: a `descent train` command is on the page;
- the screenshot, `SCREENSHOT_DIR/NAME-WIDTH.png` (the whole page), and at 1400 px
  `NAME-1400-charts.png`, the window scrolled to the page's first grid of charts.

Prints one JSON object {NAME: {WIDTH: {...}}}; exits 2 when Playwright or Chromium is missing (the
Swift test skips), 1 when a step fails (the message says which).
"""
import json
import os
import sys

WIDTHS = {1400: 1000, 390: 844}

MEASURE = r"""() => {
  const out = { overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
                scroll_width: document.documentElement.scrollWidth, wide: [], long_numbers: [] };
  for (const card of document.querySelectorAll('.panel, figure, main > section, aside')) {
    const box = card.getBoundingClientRect();
    for (const element of card.querySelectorAll('*')) {
      if (element.closest('.table, pre')) continue;   // tables and commands scroll inside their own box
      const r = element.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > box.right + 1 || r.left < box.left - 1) {
        out.wide.push(`${card.className || card.tagName}: <${element.tagName.toLowerCase()} class="${element.getAttribute('class') || ''}"> ${Math.round(r.left)}–${Math.round(r.right)} outside ${Math.round(box.left)}–${Math.round(box.right)}`);
        if (out.wide.length > 20) break;
      }
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('pre, .command, code, script, style, title')) continue;
    if (parent.getClientRects().length === 0) continue;   // hidden
    // Numbers standing alone, not digits inside a name or a path (a temporary directory's UUID).
    for (const match of node.textContent.matchAll(/(?<![\w.\/-])-?\d[\d,]*\.?\d*(?:e[-+]?\d+)?(?![\w\/-])/gi)) {
      const digits = match[0].split(/e/i)[0].replace(/[-,.]/g, '').replace(/^0+/, '');
      if (digits.length > 7) out.long_numbers.push(match[0]);
    }
  }
  out.has_command = /descent train --/.test(document.body.innerText);
  return out;
}"""


def play_playground(page, url):
    """The Optimization lab's preset shows its three cards before play; then played a while."""
    page.goto(url)
    page.click('button[data-preset="optimization"]')
    waiting = page.eval_on_selector_all(".panel", "panels => panels.length")
    page.click("#play")
    page.wait_for_function("""() => {
        const panels = [...document.querySelectorAll('.panel')];
        return panels.length === 3 && panels.every(p => Number(p.dataset.epoch || 0) >= 100);
    }""", timeout=90000)
    page.click("#pause")
    return waiting


def diverge(page, url):
    """A run that diverges (its URL plays it): the card must stay readable."""
    page.goto(url)
    page.wait_for_selector(".panel .status.bad", timeout=90000)


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 64
    chromium, directory, pages = sys.argv[1], sys.argv[2], [argument.split("=", 1) for argument in sys.argv[3:]]
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed (pip install playwright)", file=sys.stderr)
        return 2
    if not os.path.exists(chromium):
        print(f"no Chromium at {chromium}", file=sys.stderr)
        return 2
    os.makedirs(directory, exist_ok=True)
    seen = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"])
        for name, url in pages:
            seen[name] = {}
            for width, height in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                errors = []
                page.on("pageerror", lambda error: errors.append(str(error)))
                if name.startswith("playground-diverged"):
                    diverge(page, url)
                    waiting = None
                elif name.startswith("playground"):
                    waiting = play_playground(page, url)
                else:
                    page.goto(url)
                    waiting = None
                result = page.evaluate(MEASURE)
                if waiting is not None:
                    result["cards_before_play"] = waiting
                result["errors"] = errors
                page.screenshot(path=os.path.join(directory, f"{name}-{width}.png"), full_page=True)
                if width == 1400 and page.query_selector(".figures"):
                    # The charts as a reader sees them on a desktop: the window scrolled to the first grid.
                    page.eval_on_selector(".figures", "grid => grid.closest('section').scrollIntoView()")
                    page.screenshot(path=os.path.join(directory, f"{name}-{width}-charts.png"))
                seen[name][str(width)] = result
                page.close()
        browser.close()
    print(json.dumps(seen))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # a step timed out or a selector failed: say which
        print(f"browser step failed: {error}", file=sys.stderr)
        sys.exit(1)
