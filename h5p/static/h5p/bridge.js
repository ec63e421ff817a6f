/* BNM Formation: the bridge between the H5P player (h5p-standalone) and our LRS.
 *
 * Runs inside the sandboxed player iframe (opaque origin, no cookies). It
 *  1. reads its configuration from the JSON block #h5p-player-config;
 *  2. restores the learner's saved state from the xAPI State API, then starts h5p-standalone
 *     in "div" mode with H5P initialisation deferred (preventH5PInit: false), attaches the xAPI
 *     listener, and only then calls H5P.init(), so that no statement is lost;
 *  3. sends every statement to /xapi/statements with the learner as actor, a statement id
 *     (retries are idempotent) and the short-lived Bearer token of the page;
 *  4. saves the state (getCurrentState) through the State API after each answer, every
 *     saveFreq seconds when it changed, and when the page is hidden;
 *  5. tells the embedding page its height (postMessage), since the page cannot read it, and
 *     that a statement was recorded, so that the page can refresh what depends on it.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("h5p-player-config").textContent);
  var statusNode = document.getElementById("h5p-player-status");
  var container = document.getElementById("h5p-container");
  var stopped = false;

  // An opaque origin has no Web Storage: accessing it throws. Some H5P code reads it
  // unguarded, so give it a storage that lives as long as the page.
  function memoryStorage() {
    var items = {};
    return {
      getItem: function (key) { return Object.prototype.hasOwnProperty.call(items, key) ? items[key] : null; },
      setItem: function (key, value) { items[key] = String(value); },
      removeItem: function (key) { delete items[key]; },
      clear: function () { items = {}; },
      key: function (index) { return Object.keys(items)[index] || null; },
      get length() { return Object.keys(items).length; }
    };
  }
  ["localStorage", "sessionStorage"].forEach(function (name) {
    try {
      void window[name];
    } catch (error) {
      Object.defineProperty(window, name, { value: memoryStorage(), configurable: true });
    }
  });

  function showMessage(text) {
    statusNode.textContent = text;
    statusNode.hidden = false;
  }

  function clearMessage() {
    statusNode.hidden = true;
    statusNode.textContent = "";
  }

  function expire() {
    stopped = true;
    showMessage(config.messages.expired);
  }

  function newUuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function lrsHeaders(withBody) {
    var headers = {
      "Authorization": "Bearer " + config.token,
      "X-Experience-API-Version": config.xapiVersion
    };
    if (withBody) {
      headers["Content-Type"] = "application/json";
    }
    return headers;
  }

  function stateUrl() {
    var query = new URLSearchParams({
      activityId: config.xAPIObjectIRI,
      agent: JSON.stringify(config.actor),
      stateId: config.stateId
    });
    return config.stateUrl + "?" + query.toString();
  }

  // --- state -------------------------------------------------------------------------------

  function loadState() {
    return fetch(stateUrl(), { headers: lrsHeaders(false), credentials: "omit", cache: "no-store" })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          expire();
          return null;
        }
        if (!response.ok) {
          return null;
        }
        return response.text();
      })
      .then(function (text) {
        if (!text) {
          return null;
        }
        try {
          JSON.parse(text);
          return text;
        } catch (error) {
          return null;
        }
      })
      .catch(function () { return null; });
  }

  var lastSavedState = null;
  var savingState = null;

  function currentState() {
    var instance = window.H5P && window.H5P.instances && window.H5P.instances[0];
    if (!instance || typeof instance.getCurrentState !== "function") {
      return undefined;
    }
    var state = instance.getCurrentState();
    return state === undefined || state === null ? undefined : JSON.stringify(state);
  }

  function saveState(keepalive) {
    if (stopped) {
      return Promise.resolve();
    }
    var state = currentState();
    if (state === undefined || state === lastSavedState || state === savingState) {
      return Promise.resolve();
    }
    savingState = state;
    return fetch(stateUrl(), {
      method: "PUT",
      headers: lrsHeaders(true),
      body: state,
      credentials: "omit",
      keepalive: Boolean(keepalive)
    }).then(function (response) {
      if (response.ok) {
        lastSavedState = state;
      } else if (response.status === 401 || response.status === 403) {
        expire();
      }
    }).catch(function () {
      // Kept for the next periodic save.
    }).then(function () {
      savingState = null;
    });
  }

  var saveTimer = null;
  function saveSoon() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(function () { saveState(false); }, 300);
  }

  // --- statements --------------------------------------------------------------------------

  var queue = [];
  var sending = false;
  var retryDelay = 1000;

  function prepare(statement) {
    var copy = JSON.parse(JSON.stringify(statement));
    copy.id = copy.id || newUuid();
    copy.actor = config.actor;
    var score = copy.result && copy.result.score;
    if (score && typeof score.max === "number" && typeof score.min === "number" && score.max <= score.min) {
      // H5P writes "0 out of 0" for content without a score; xAPI requires min < max.
      // Without its score the statement still records the completion, never a zero grade.
      delete copy.result.score;
    }
    return copy;
  }

  function pump() {
    if (sending || stopped || queue.length === 0) {
      return;
    }
    sending = true;
    var statement = queue[0];
    fetch(config.statementsUrl, {
      method: "POST",
      headers: lrsHeaders(true),
      body: JSON.stringify(statement),
      credentials: "omit"
    }).then(function (response) {
      if (response.ok || response.status === 409) {
        queue.shift();
        retryDelay = 1000;
        clearMessage();
        // The embedding page may show a status that this statement changes (a lesson
        // validated by its exercises): tell it, without any content of the statement.
        window.parent.postMessage({ context: "bnm-h5p", action: "recorded" }, "*");
      } else if (response.status === 401 || response.status === 403) {
        expire();
      } else if (response.status === 400) {
        queue.shift(); // refused for good: sending it again would not help
        return response.text().then(function (text) {
          console.warn("LRS refused a statement:", text);
        });
      } else {
        throw new Error("HTTP " + response.status);
      }
    }).catch(function () {
      showMessage(config.messages.sendFailed);
      retryDelay = Math.min(retryDelay * 2, 60000);
      return new Promise(function (resolve) { setTimeout(resolve, retryDelay); });
    }).then(function () {
      sending = false;
      pump();
    });
  }

  function record(event) {
    var statement = event && event.data && event.data.statement;
    if (!statement) {
      return;
    }
    queue.push(prepare(statement));
    pump();
    saveSoon();
  }

  // --- size --------------------------------------------------------------------------------

  function postHeight() {
    var height = Math.max(document.documentElement.scrollHeight, document.body.scrollHeight);
    window.parent.postMessage({ context: "bnm-h5p", action: "resize", height: height }, "*");
  }

  // --- start -------------------------------------------------------------------------------

  function start(previousState) {
    var options = {
      id: config.contentId,
      title: config.title,
      h5pJsonPath: config.h5pJsonPath,
      librariesPath: config.librariesPath,
      frameJs: config.frameJs,
      frameCss: config.frameCss,
      xAPIObjectIRI: config.xAPIObjectIRI,
      saveFreq: config.saveFreq,
      embedType: "div",
      preventH5PInit: false,
      translations: config.translations,
      assetsRequestFetchOptions: { credentials: "omit" }
    };
    if (previousState) {
      options.contentUserData = [{ state: previousState }];
      lastSavedState = previousState;
    }
    return new window.H5PStandalone.H5P(container, options).then(function () {
      window.H5P.externalDispatcher.on("xAPI", record);
      window.H5P.init(container);
      window.setInterval(function () { saveState(false); }, config.saveFreq * 1000);
      window.addEventListener("pagehide", function () { saveState(true); });
      if (window.ResizeObserver) {
        new ResizeObserver(postHeight).observe(document.body);
      }
      postHeight();
    });
  }

  loadState()
    .then(function (state) {
      if (stopped) {
        return null;
      }
      return start(state);
    })
    .catch(function (error) {
      console.error(error);
      showMessage(config.messages.loadFailed);
      postHeight();
    });
})();
