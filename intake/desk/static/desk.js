// The desk's small script: keyboard shortcuts, and edits that apply in one step when
// htmx shows their changes live. Every action also works without it.
(function () {
  "use strict";

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function act(key) {
    var el = document.querySelector('[data-key="' + key + '"]');
    if (!el) return false;
    if (el.tagName === "INPUT" || el.tagName === "TEXTAREA") {
      el.focus();
      if (el.select) el.select();
    } else if (el.hasAttribute("data-help")) {
      var help = document.getElementById("keys");
      if (help && help.showModal) help.showModal();
    } else {
      el.click();
    }
    return true;
  }

  var pending = "";
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    var key = event.key;
    if (pending === "g") {
      pending = "";
      var to = { q: "/review", l: "/signers", t: "/today" }[key];
      if (to) { window.location.href = to; event.preventDefault(); }
      return;
    }
    if (key === "g") { pending = "g"; return; }
    if (key === "?") {
      var help = document.getElementById("keys");
      if (help && help.showModal) { help.showModal(); event.preventDefault(); }
      return;
    }
    if (act(key)) event.preventDefault();
  });

  // With htmx the changes show as they are typed, so "Save" needs no second page.
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.htmx) return;
    document.querySelectorAll("[data-live-value]").forEach(function (button) {
      button.value = button.getAttribute("data-live-value");
    });
  });

  // Ctrl+Enter (or Cmd+Enter) in the answer box sends it.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.tagName === "TEXTAREA") {
      var form = event.target.form;
      if (form) { event.preventDefault(); form.requestSubmit(); }
    }
  });
})();
