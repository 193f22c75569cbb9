"""The page's own style and script: the sources panel beside the chat, [n] markers that scroll to their
source, each source's "ask about this paper" / "cite" buttons, and a question put in the chat box once it takes
one (the overview's "ask about this paper" too)."""

CSS = """
.pc-sources { padding-left: 0; list-style: none; }
.pc-source, .pc-cite-match { margin: 0 0 0.8em 0; }
.pc-title { font-weight: 600; }
.pc-kind { font-weight: 400; opacity: 0.7; font-size: 0.9em; }
.pc-passage { font-size: 0.92em; line-height: 1.45; }
.pc-passage mark { background: #ffe58a; color: inherit; padding: 0 2px; }
.pc-compare th, .pc-compare td { vertical-align: top; padding: 0.4em; font-size: 0.92em; }
.pc-compare td.pc-empty, .pc-missing .pc-kind { opacity: 0.6; font-style: italic; }
#sources-column { position: sticky; top: 0; align-self: flex-start; max-height: 100vh; overflow-y: auto; }
.pc-source.pc-highlight { outline: 2px solid #f0b400; border-radius: 4px; }
.pc-actions { margin-top: 0.3em; }
.pc-action { font-size: 0.85em; margin-right: 0.5em; padding: 1px 8px; border: 1px solid #bbb; border-radius: 4px;
             background: transparent; cursor: pointer; }
.pc-check { margin-bottom: 0.6em; } .pc-supported .pc-kind { color: #1a7f37; } .pc-weak .pc-kind { color: #9a6700; }
"""
# Clicking a citation marker [n] in an answer (a link to #source-n) scrolls to source n and highlights it;
# a source's "Ask about this paper" (and the overview's) puts its question in the chat box, its "Cite" looks the
# title up in the Cite tab.
SCRIPT = """<script>
function paperchatFill(selector, text) {
  const box = document.querySelector(selector);
  if (!box) return null;
  Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set.call(box, text);
  box.dispatchEvent(new Event("input", {bubbles: true}));
  return box;
}
let paperchatPendingAsk = null;
function paperchatAsk(text) {  // put a question in the chat box; the last call wins
  clearTimeout(paperchatPendingAsk);
  const started = Date.now();
  const fill = () => {  // while an answer is written the chat box is disabled, then emptied: wait for it
    const box = document.querySelector("#question textarea");  // (a tab just opened may not show it yet)
    if (!box ? Date.now() - started < 3000 : box.disabled) paperchatPendingAsk = setTimeout(fill, 100);
    else paperchatFill("#question textarea", text)?.focus();
  };
  fill();
}
function paperchatOpenTab(label) {  // the tabs are not in a gr.Tabs that Python could switch
  [...document.querySelectorAll('button[role="tab"]')].find((b) => b.textContent.trim() === label)?.click();
}
document.addEventListener("click", (event) => {
  const action = event.target.closest && event.target.closest("#sources button.pc-action");
  if (!action) return;
  const text = action.dataset.text || "";
  if (action.dataset.action === "ask") {
    paperchatAsk(text);
    return;
  }
  paperchatOpenTab("Cite");
  const started = Date.now();
  const lookUp = () => {  // the tab's contents may take a moment to appear
    if (paperchatFill("#cite-text textarea", text)) document.querySelector("#cite-button")?.click();
    else if (Date.now() - started < 3000) setTimeout(lookUp, 100);
  };
  setTimeout(lookUp, 50);
});
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest('a[href^="#source-"]');
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  const n = link.getAttribute("href").slice("#source-".length);
  const item = document.querySelector(`#sources li.pc-source[value="${CSS.escape(n)}"]`);
  if (!item) return;
  document.querySelectorAll("#sources .pc-highlight").forEach((e) => e.classList.remove("pc-highlight"));
  item.classList.add("pc-highlight");
  item.scrollIntoView({behavior: "smooth", block: "center"});
}, true);
</script>"""
