#!/usr/bin/env python3
"""Drives the playground page in a headless Chromium (Playwright with the system browser).

    python3 Scripts/playground_browser.py URL SCREENSHOT.png [CHROMIUM]

Loads a play=1 URL and waits for the decision boundary and a falling cost curve, pauses and
checks that training stands still, runs a gradient check, shows a 400 message for bad settings,
then loads the Optimization lab's three runs side by side, plays them and takes a screenshot; uploads
a CSV; presses a warning's "try" button, which trains the suggested change beside the run; and, at a
desktop's and a phone's width, chooses batch then layer normalization (screenshots SCREENSHOT-batch-norm-WIDTH.png,
-layer-norm-WIDTH.png and -batch-of-one-WIDTH.png beside SCREENSHOT) and a batch of one, which the server refuses.
Prints one JSON object with what it saw; exits 2 when Playwright or Chromium is missing (the
Swift test skips), 1 when a step fails (the message says which).
"""
import json
import os
import shutil
import sys
import tempfile
import time


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    url, screenshot = sys.argv[1], sys.argv[2]
    chromium = sys.argv[3] if len(sys.argv) > 3 else (shutil.which("chromium") or shutil.which("chromium-browser")
                                                        or shutil.which("google-chrome"))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed (pip install playwright)", file=sys.stderr)
        return 2
    if not chromium:
        print("no Chromium installed", file=sys.stderr)
        return 2

    seen = {}
    errors = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
        # The browser logs the 400 of step 4 itself; anything else is a fault of the page.
        page.on("console", lambda message: errors.append(f"console {message.type}: {message.text}")
                if message.type == "error" and "status of 400" not in message.text else None)

        # 1. A shared link with play=1 starts training on load: the boundary and the cost curve draw.
        start = time.monotonic()
        page.goto(url + "?data=moons&hidden=5,2&optimizer=adam&learning-rate=0.01&epochs=20000&pace=2000&play=1")
        page.wait_for_selector('.panel canvas[data-drawn="1"]', timeout=30000)
        page.wait_for_function("() => Number(document.querySelector('path.train-cost')?.dataset.points || 0) >= 20",
                               timeout=30000)
        seen["boundary_seconds"] = round(time.monotonic() - start, 2)
        # SVG y grows downwards: a falling cost ends lower on the chart than it starts.
        first_y, last_y = page.evaluate("""() => {
            const d = document.querySelector('path.train-cost').getAttribute('d');
            const ys = [...d.matchAll(/[ML][\\d.]+,([\\d.]+)/g)].map(m => Number(m[1]));
            return [ys[0], ys[ys.length - 1]];
        }""")
        seen["cost_falls"] = last_y > first_y

        # 2. Pause: the epoch stands still.
        page.click("#pause")
        page.wait_for_function("() => document.querySelector('.panel .status').textContent === 'paused'", timeout=30000)
        # A frame already on its way may still arrive; after that the epoch stands still.
        time.sleep(1.0)
        paused_at = page.eval_on_selector(".panel", "p => p.dataset.epoch")
        time.sleep(1.0)
        seen["paused"] = page.eval_on_selector(".panel", "p => p.dataset.epoch") == paused_at
        seen["paused_epoch"] = int(paused_at)
        # The URL follows the page: the settings stay, play=1 goes once paused.
        seen["url_keeps_settings"] = "hidden=5%2C2" in page.url and "optimizer=adam" in page.url and "play=1" not in page.url

        # 3. Step trains one epoch; the gradient check reports on the network as it stands.
        page.click("#step")
        page.wait_for_function(f"() => Number(document.querySelector('.panel').dataset.epoch) === {int(paused_at) + 1}",
                               timeout=30000)
        seen["stepped"] = True
        page.click("#check")
        page.wait_for_selector(".panel pre.check:not([hidden])", timeout=30000)
        seen["check"] = page.eval_on_selector(".panel pre.check", "p => p.dataset.passed") == "true"
        # Download: the trained model as .safetensors (an 8-byte header length, then a JSON header).
        with page.expect_download(timeout=30000) as download_info:
            page.click("#download")
        download = download_info.value
        with open(download.path(), "rb") as model:
            data = model.read()
        header_length = int.from_bytes(data[:8], "little")
        header = json.loads(data[8:8 + header_length])
        seen["download"] = {"name": download.suggested_filename, "bytes": len(data),
                            "tensors": sorted(name for name in header if name != "__metadata__")}

        # 4. Bad settings: the server's 400 message is shown on the page.
        page.fill('[name="learning-rate"]', "-1")
        page.dispatch_event('[name="learning-rate"]', "change")
        page.click("#play")
        page.wait_for_selector("#error", state="visible", timeout=30000)
        seen["error_message"] = page.inner_text("#error")

        # 5. Compare: the Optimization lab's three runs side by side.
        page.click('button[data-preset="optimization"]')
        page.click("#play")
        page.wait_for_function("""() => {
            const panels = [...document.querySelectorAll('.panel')];
            return panels.length === 3 && panels.every(p => p.querySelector('canvas').dataset.drawn === '1'
                && Number(p.dataset.epoch || 0) >= 600);
        }""", timeout=150000)
        seen["compare_panels"] = page.eval_on_selector_all(".panel .title", "titles => titles.map(t => t.textContent)")
        seen["compare_commands"] = page.eval_on_selector_all(".panel .command", "cs => cs.map(c => c.textContent)")
        page.screenshot(path=screenshot, full_page=False)
        page.click("#pause")

        # 6. Copy command: the runs' descent train commands, one a line.
        page.click("#copy")
        page.wait_for_function("() => document.querySelector('#lesson').textContent.startsWith('Copied')", timeout=30000)
        seen["copied"] = page.evaluate("() => navigator.clipboard.readText()")

        # 7. An uploaded CSV of two features and a label trains like a built-in set.
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "points.csv")
            with open(path, "w") as points:
                points.write("x1,x2,label\n")
                for i in range(60):
                    points.write(f"{i / 10},{(i * 7 % 11) / 3},{'yes' if i % 3 else 'no'}\n")
            page.click("#reset")
            page.set_input_files("#upload", path)
            page.wait_for_function("() => document.querySelector('[name=data]').value.startsWith('upload:')", timeout=30000)
        page.click("#play")
        page.wait_for_selector('.panel canvas[data-drawn="1"]', timeout=30000)
        seen["upload_command"] = page.inner_text(".panel .command")

        # 8. A warning's "try" button trains its suggested change beside the original run: the issue's
        #    deep ReLU net at 4× He's weights is told it explodes; the changed run stays silent.
        page.goto(url + "?data=moons&hidden=32,32,32,32,32,32,32,32&init=random:1&learning-rate=0.0001&epochs=150&pace=2000&play=1")
        page.wait_for_selector(".panel .warnings button.try", timeout=60000)
        page.click(".panel .warnings button.try")
        page.wait_for_function("""() => {
            const panels = [...document.querySelectorAll('.panel')];
            return panels.length === 2 && panels.every(p => /done|bad/.test(p.querySelector('.status').className));
        }""", timeout=150000)
        panels = page.query_selector_all(".panel")
        seen["original_warnings"] = panels[0].query_selector(".warnings").inner_text()
        seen["tried_command"] = panels[1].query_selector(".command").inner_text()
        seen["tried_warnings"] = panels[1].query_selector(".warnings").inner_text()

        # 9. Normalization at a desktop's and a phone's width: the choice is the URL's batch-norm=true or
        #    layer-norm=true and the command's flag, the normalized layers' bars carry BN or LN, and a batch
        #    of one under batch normalization is the server's message, in view.
        base, extension = os.path.splitext(screenshot)
        seen["normalization"] = {}
        for width, height in ((1400, 1000), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.goto(url + "?data=moons&hidden=16,16,16&optimizer=adam&batch-size=64&epochs=300&diagnostics=10&pace=5000")
            page.wait_for_selector("body[data-ready='1']")
            found = {"layers_disabled": page.eval_on_selector('[name="normalized-layers"]', "e => e.disabled"),
                     "batch_help": page.eval_on_selector('#normalization option[value="batch-norm"]', "o => o.title")}
            page.select_option("#normalization", "batch-norm")
            page.fill('[name="normalized-layers"]', "1,3")
            page.dispatch_event('[name="normalized-layers"]', "change")
            for name in ("batch", "layer"):
                if name == "layer":
                    page.select_option("#normalization", "layer-norm")
                    page.fill('[name="normalized-layers"]', "")
                    page.dispatch_event('[name="normalized-layers"]', "change")
                page.click("#play")
                page.wait_for_function("() => /done|bad/.test(document.querySelector('.panel .status').className)", timeout=60000)
                found[f"{name}_status"] = page.inner_text(".panel .status")
                found[f"{name}_tags"] = page.eval_on_selector_all(
                    ".panel svg.norms text.tag", "tags => tags.map(t => [t.previousElementSibling.textContent, t.firstChild.textContent])")
                found[f"{name}_command"] = page.inner_text(".panel .command")
                found[f"{name}_url"] = page.url
                found[f"{name}_scroll_width"] = page.evaluate("() => document.documentElement.scrollWidth")
                page.eval_on_selector(".panel svg.norms", "svg => svg.scrollIntoView({block: 'center'})")
                page.screenshot(path=f"{base}-{name}-norm-{width}{extension}")
            page.select_option("#normalization", "batch-norm")
            page.fill('[name="batch-size"]', "1")
            page.dispatch_event('[name="batch-size"]', "change")
            page.click("#play")
            page.wait_for_selector("#error", state="visible", timeout=30000)
            found["batch_of_one"] = page.inner_text("#error")
            found["batch_of_one_in_view"] = page.eval_on_selector(
                "#error", "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }")
            page.screenshot(path=f"{base}-batch-of-one-{width}{extension}")
            page.select_option("#normalization", "")
            found["none_layers_disabled"] = page.eval_on_selector('[name="normalized-layers"]', "e => e.disabled")
            found["none_url"] = page.url
            seen["normalization"][str(width)] = found
        browser.close()
    seen["errors"] = errors
    print(json.dumps(seen))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # a step timed out or a selector failed: say which
        print(f"browser step failed: {error}", file=sys.stderr)
        sys.exit(1)
