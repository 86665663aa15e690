import type { ProfileHostMsg, ProfilePanelState, ProfileViewMsg } from '../../src/shared/protocol';
import type { ProfileExplainHostMsg, ProfileExplainViewMsg } from '../../src/shared/explainProtocol';
import { startReportApp, type PanelCommand } from '../common/reportApp';
import { initialState, reduce, type Action, type ProfileViewState } from './state';
import { render } from './view';

startReportApp<ProfileViewState, Action, ProfileHostMsg | ProfileExplainHostMsg, ProfileViewMsg | ProfileExplainViewMsg, ProfilePanelState, PanelCommand | { explainRow: number }>({
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
      case 'profile/explainModel':
        return { type: 'explainModel', model: msg.model };
    }
  },
  // The profile panel offers Markdown and JSON exports only.
  command: (m) => (typeof m === 'object' ? { type: 'profile/explainRow', row: m.explainRow } : m === 'refresh' ? { type: 'profile/refresh' } : { type: 'profile/export', format: m === 'json' ? 'json' : 'md' }),
  ready: { type: 'view/ready' },
});
