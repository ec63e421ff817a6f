/* Sizes the sandboxed H5P player iframes of a page to their content.
 *
 * The player runs with an opaque origin, so the page cannot read its height: the player posts
 * {context: "bnm-h5p", action: "resize", height} and only messages whose source is one of our
 * player iframes are used.
 */
(function () {
  "use strict";
  if (window.bnmH5PEmbed) {
    return;
  }
  window.bnmH5PEmbed = true;
  var MAX_HEIGHT = 20000;
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.context !== "bnm-h5p" || data.action !== "resize") {
      return;
    }
    var height = Math.ceil(Number(data.height));
    if (!isFinite(height) || height <= 0) {
      return;
    }
    var frames = document.querySelectorAll("iframe[data-h5p-player]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.min(height, MAX_HEIGHT) + "px";
      }
    }
  });
})();
