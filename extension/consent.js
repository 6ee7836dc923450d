// The first-run consent page (Firefox asks it of extensions that handle
// browsing data; an administrator can answer it for everyone by policy).
// It says what Sauatty passes to the host and that nothing leaves the PC.

import {api, h, setupLanguageSwitch, translator} from './lib/ui.js';

async function show() {
  const state = await api.runtime.sendMessage({type: 'consent-state'});
  const t = await translator(state.lang);
  setupLanguageSwitch(t, state, async (value) => {
    await api.runtime.sendMessage({type: 'set-language', value});
    await show();
  });
  document.title = `Sauatty — ${t('consent_title')}`;
  const main = document.getElementById('main');
  const status = h('p', {id: 'consent-status', role: 'status'});
  const answer = async (value) => {
    const result = await api.runtime.sendMessage({type: 'set-consent', value});
    status.textContent = result.consent === 'granted' ? t('consent_granted') : t('consent_declined');
    document.body.dataset.consent = result.consent;
  };
  main.replaceChildren(...[
      h('h2', {}, t('consent_title')),
      h('p', {}, t('consent_what')),
      h('p', {}, t('consent_local')),
      h('p', {}, t('consent_memory')),
      state.locked
          ? h('p', {}, state.consent === 'granted' ? t('consent_granted') : t('consent_managed_off'))
          : [h('p', {}, h('strong', {}, t('consent_question'))),
             h('div', {class: 'actions'},
               h('button', {type: 'button', class: 'primary', id: 'allow',
                            onclick: () => answer('granted')}, t('consent_allow')),
               h('button', {type: 'button', class: 'secondary', id: 'decline',
                            onclick: () => answer('declined')}, t('consent_decline'))),
             status]].flat());
  document.body.dataset.consent = state.consent;
  document.body.dataset.ready = 'true';
}

show();
