import type { ProfileHostMsg, ProfilePanelState, ProfileViewMsg } from '../../src/shared/protocol';
import { startReportApp } from '../common/reportApp';
import { initialState, reduce, type Action, type ProfileViewState } from './state';
import { render } from './view';

startReportApp<ProfileViewState, Action, ProfileHostMsg, ProfileViewMsg, ProfilePanelState>({
  initial: initialState,
  reduce,
  render,
  toAction: (msg, persist) => {
    switch (msg.type) {
      case 'profile/loading':
        return { type: 'loading' };
      case 'profile/snapshot':
        persist({ fileUri: msg.fileUri });
        return { type: 'snapshot', profile: msg.profile };
      case 'analysis/failed':
        return { type: 'failed', message: msg.message };
    }
  },
  // The profile panel offers Markdown and JSON exports only.
  command: (m) => (m === 'refresh' ? { type: 'profile/refresh' } : { type: 'profile/export', format: m === 'json' ? 'json' : 'md' }),
  ready: { type: 'view/ready' },
});
