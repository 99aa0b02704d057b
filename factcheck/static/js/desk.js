/* The desk's few behaviours beyond htmx, kept out of the pages so that the
   Content-Security-Policy can forbid inline script. Each one looks for its page's
   elements and does nothing elsewhere; without script the pages still work. */
(function () {
  "use strict";

  /* New article: show only the part of the form the chosen source needs. */
  function sourceSwitch(form) {
    function show() {
      var chosen = form.querySelector('input[name="source"]:checked');
      form.querySelectorAll("[data-source]").forEach(function (part) {
        part.hidden = chosen !== null && part.dataset.source !== chosen.value;
      });
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === "source") show();
    });
    show();
  }

  function squeeze(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  /* The passage selected in the article text, or "" when the selection is elsewhere. */
  function selectedPassage(text) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !text.contains(selection.anchorNode)) return "";
    return squeeze(selection.toString());
  }

  /* The claimant the ranked sentence holding ``passage`` suggests (its one-click form
     carries it), or "". */
  function suggestedClaimant(passage) {
    var found = "";
    document.querySelectorAll("#ranked-sentences form").forEach(function (form) {
      var quote = form.querySelector('input[name="quote"]');
      var claimant = form.querySelector('input[name="claimant"]');
      if (found || !quote || !claimant || !claimant.value) return;
      var sentence = squeeze(quote.value);
      if (sentence.indexOf(passage) !== -1 || passage.indexOf(sentence) !== -1) found = claimant.value;
    });
    return found;
  }

  /* Article page: a passage selected in the article (by mouse, keyboard or touch) is
     copied into the claim form's quote field, and a "Log this claim" button appears at
     the selection; it opens the form over the text, with the claimant the sentence
     names and the article's date suggested, so the reader keeps their place. */
  function quoteFromSelection(text) {
    var quote = document.getElementById("id_quote");
    var note = document.getElementById("selection-note");
    var section = document.getElementById("log-claim");
    var action = document.getElementById("selection-action");
    var close = document.getElementById("log-claim-close");
    if (!quote || !section) return;
    var form = section.querySelector("form");
    var passage = "";
    var pressing = false;
    function copySelection() {
      var selected = selectedPassage(text);
      if (!selected) return;
      quote.value = selected;
      if (note) note.hidden = false;
    }
    function placeAction() {
      var selected = selectedPassage(text);
      if (!action) return;
      if (!selected) {
        if (!pressing) action.hidden = true;
        return;
      }
      passage = selected;
      var range = window.getSelection().getRangeAt(0);
      var rects = range.getClientRects();
      var last = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
      action.hidden = false;
      var box = action.offsetParent.getBoundingClientRect();
      var left = Math.max(0, Math.min(last.left - box.left, box.width - action.offsetWidth));
      action.style.top = (last.bottom - box.top + 6) + "px";
      action.style.left = left + "px";
    }
    function fill(field, value) {
      var input = form.querySelector('[name="' + field + '"]');
      if (input && value && !input.value) input.value = value;
    }
    function openForm() {
      quote.value = passage;
      fill("claimant", suggestedClaimant(passage));
      fill("claim_date", form.dataset.articleDate);
      if (note) note.hidden = false;
      section.classList.add("log-claim--floating");
      if (close) close.hidden = false;
      action.hidden = true;
      quote.focus({ preventScroll: true });
    }
    text.addEventListener("mouseup", copySelection);
    text.addEventListener("keyup", copySelection);
    var timer = null;
    document.addEventListener("selectionchange", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(placeAction, 120);
    });
    if (action) {
      /* Pressing the button must not drop the selection it acts on. */
      action.addEventListener("pointerdown", function (event) { pressing = true; event.preventDefault(); });
      action.addEventListener("mousedown", function (event) { event.preventDefault(); });
      action.addEventListener("click", function () { pressing = false; openForm(); });
    }
    if (close) {
      close.addEventListener("click", function () {
        section.classList.remove("log-claim--floating");
        close.hidden = true;
      });
    }
  }

  /* htmx leaves 4xx answers unswapped; parts marked data-swap-errors show theirs (the
     refusal, said where the person acted). */
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status >= 400 && status < 500 && event.detail.elt.closest("[data-swap-errors]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  /* A form refused on a long page comes back at the top: show the refusal, which is
     placed beside that form, where the person acted (a success comes back at its anchor). */
  function showPlacedFeedback() {
    if (window.location.hash) return;
    var placed = document.querySelector("[data-placed]");
    if (placed) placed.scrollIntoView({ block: "center" });
  }

  /* Every form that posts: leaving the page with changes typed and not sent asks first. */
  function warnBeforeLosingEdits() {
    var unsaved = new Set();
    function posting(form) {
      return form && (form.getAttribute("method") || "").toLowerCase() === "post";
    }
    function edited(event) {
      var form = event.target.form;
      if (posting(form)) unsaved.add(form);
    }
    document.addEventListener("input", edited);
    document.addEventListener("change", edited);
    document.addEventListener("submit", function (event) {
      unsaved.delete(event.target);
    });
    window.addEventListener("beforeunload", function (event) {
      if (unsaved.size === 0) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    showPlacedFeedback();
    warnBeforeLosingEdits();
    document.querySelectorAll("form[data-source-switch]").forEach(sourceSwitch);
    var text = document.getElementById("article-text");
    if (text) quoteFromSelection(text);
  });
})();
