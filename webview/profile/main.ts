import type { ProfileHostMsg, ProfilePanelState, ProfileViewMsg } from '../../src/shared/protocol';
import type { ProfileExplainHostMsg, ProfileExplainViewMsg } from '../../src/shared/explainProtocol';
import { startReportApp, type PanelCommand } from '../common/reportApp';
import { initialState, reduce, type Action, type ProfileViewState } from './state';
import { render } from './view';

startReportApp<ProfileViewState, Action, ProfileHostMsg | ProfileExplainHostMsg, ProfileViewMsg | ProfileExplainViewMsg, ProfilePanelState, PanelCommand | { explainRow: number } | 'cancel'>({
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
      case 'profile/progress':
        return { type: 'progress', fraction: msg.fraction, stage: msg.stage, ...(msg.total !== undefined ? { total: msg.total } : {}) };
      case 'profile/columns':
        persist({ fileUri: msg.fileUri });
        return { type: 'columns', start: msg.start, columns: msg.columns, total: msg.total };
      case 'profile/done':
        persist({ fileUri: msg.fileUri });
        return { type: 'done', summary: msg.summary };
      case 'analysis/failed':
        return { type: 'failed', message: msg.message };
      case 'profile/explainModel':
        return { type: 'explainModel', model: msg.model };
    }
  },
  // The profile panel offers Markdown and JSON exports only.
  command: (m) => (typeof m === 'object' ? { type: 'profile/explainRow', row: m.explainRow } : m === 'cancel' ? { type: 'profile/cancel' } : m === 'refresh' ? { type: 'profile/refresh' } : { type: 'profile/export', format: m === 'json' ? 'json' : m === 'share' ? 'share' : 'md' }),
  ready: { type: 'view/ready' },
});
