// Public-PC mode (docs/EXTENSION.md): after `idleMinutes` without input the
// patron's choices are forgotten: hidden banners, shown notices, the legend,
// the language they picked, and a workshop view they started.
//
// Contract: startIdle() adds its listener synchronously (call it at the
// service worker's top level); setup() is called again whenever the settings
// change, and sets the browser's idle interval once per value.

/**
 * @param {object} o
 * @param {object} o.api the browser's extension API
 * @param {object} o.config background/config.js
 * @param {() => Promise<void>} o.forget forgets the patron's choices
 */
export function startIdle({api, config, forget}) {
  let intervalFor = 0;

  function setup() {
    const {publicPc, idleMinutes} = config.settings;
    if (!api.idle || !publicPc || intervalFor === idleMinutes) return;
    intervalFor = idleMinutes;
    api.idle.setDetectionInterval(idleMinutes * 60);
  }

  api.idle?.onStateChanged.addListener((state) => {
    if (state === 'active') return;
    config.known.then(async () => {
      if (config.settings.publicPc) await forget();
    });
  });

  return {setup};
}
