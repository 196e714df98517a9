/*
 * Inside an embed (/embed/threads/<key>): tell the host page how tall the
 * widget is, so embed.js can size the iframe without a scrollbar.
 */
(function () {
  "use strict";

  if (window.parent !== window) {
    var lastHeight = 0;
    var report = function () {
      var height = document.documentElement.scrollHeight;
      if (height !== lastHeight) {
        lastHeight = height;
        window.parent.postMessage({ type: "gazette:height", height: height }, "*");
      }
    };
    if ("ResizeObserver" in window) new ResizeObserver(report).observe(document.body);
    window.addEventListener("load", report);
    report();
  }
})();
