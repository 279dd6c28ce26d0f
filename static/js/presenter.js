/* The brainstorm's presenter screen: full screen on one key (F) or the button, through the
 * Fullscreen API. Esc leaves full screen, as the browser does by itself. */
(function () {
  "use strict";

  function toggleFullscreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target instanceof Element && target.closest("input, textarea, select, [contenteditable]");
    if ((event.key === "f" || event.key === "F") && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      toggleFullscreen();
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest("[data-fullscreen]")) {
      toggleFullscreen();
    }
  });
})();
