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

  /* Article page: copy a passage selected in the article into the claim form's quote field. */
  function quoteFromSelection(text) {
    var quote = document.getElementById("id_quote");
    var note = document.getElementById("selection-note");
    if (!quote) return;
    function copySelection() {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || !text.contains(selection.anchorNode)) return;
      var passage = selection.toString().replace(/\s+/g, " ").trim();
      if (!passage) return;
      quote.value = passage;
      if (note) note.hidden = false;
    }
    text.addEventListener("mouseup", copySelection);
    text.addEventListener("keyup", copySelection);
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
    warnBeforeLosingEdits();
    document.querySelectorAll("form[data-source-switch]").forEach(sourceSwitch);
    var text = document.getElementById("article-text");
    if (text) quoteFromSelection(text);
  });
})();
