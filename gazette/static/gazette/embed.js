/*
 * Gazette embed: put comments and donation drives on any site.
 *
 *   <div data-gazette-thread="my-post-key"></div>
 *   <div data-gazette-drive="drive-slug"></div>
 *   <script src="https://news.example/static/gazette/embed.js" async></script>
 *
 * Without data-gazette-thread's value, the page's canonical path is the key.
 * The widget is an iframe served by Gazette; it tells this script its height.
 *
 * Single sign-on (docs/sso.md): a site with its own users signs a short-lived
 * token for the one reading, and gives it as data-gazette-sso="<token>" on the
 * thread's element, or as window.gazetteSSO, a function that returns the
 * token (or a promise of it). An empty token signs the reader out.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src).origin;

  function canonicalPath() {
    var link = document.querySelector('link[rel="canonical"]');
    return new URL(link ? link.href : location.href).pathname;
  }

  function threadSource(host) {
    var key = host.dataset.gazetteThread || canonicalPath();
    var query = "?url=" + encodeURIComponent(location.href.split("#")[0]) +
      "&title=" + encodeURIComponent(document.title);
    var permalink = /^#comment-(\d+)$/.exec(location.hash);
    var hash = "";
    if (permalink) {  // a link to one comment: show it inside the widget
      query += "&c=" + permalink[1];
      hash = permalink[0];
    }
    return origin + "/embed/threads/" + encodeURIComponent(key) + query + hash;
  }

  function ssoToken(host) {
    if (typeof window.gazetteSSO === "function") {
      return Promise.resolve(window.gazetteSSO());
    }
    if (host.hasAttribute("data-gazette-sso")) {
      return Promise.resolve(host.getAttribute("data-gazette-sso"));
    }
    return null;
  }

  function mount(host) {
    if (host.dataset.gazetteMounted) return;
    host.dataset.gazetteMounted = "1";
    var drive = host.dataset.gazetteDrive;
    var frame = document.createElement("iframe");
    frame.src = drive ? origin + "/embed/drives/" + encodeURIComponent(drive) : threadSource(host);
    frame.title = host.dataset.gazetteTitle || (drive ? "Donation drive" : "Comments");
    frame.loading = "lazy";
    frame.style.cssText = "width:100%;border:0;display:block;min-height:" + (drive ? "140px" : "320px") + ";";
    frame.setAttribute("scrolling", "no");
    host.appendChild(frame);
    window.addEventListener("message", function (event) {
      if (event.origin !== origin || event.source !== frame.contentWindow) return;
      var data = event.data || {};
      if (data.type === "gazette:height" && typeof data.height === "number") {
        frame.style.height = Math.ceil(data.height) + "px";
      } else if (data.type === "gazette:ready" && !drive) {
        var token = ssoToken(host);
        if (!token) return;
        token.then(function (value) {  // to Gazette's frame only
          frame.contentWindow.postMessage({ type: "gazette:sso", token: value || null }, origin);
        });
      }
    });
  }

  function mountAll() {
    document.querySelectorAll("[data-gazette-thread], [data-gazette-drive]").forEach(mount);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
