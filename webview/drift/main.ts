import type { DriftHostMsg, DriftPanelState, DriftViewMsg } from '../../src/shared/protocol';
import { startReportApp } from '../common/reportApp';
import { initialDriftState, reduceDrift, type DriftAction } from './state';
import { render } from './view';

startReportApp<ReturnType<typeof reduceDrift>, DriftAction, DriftHostMsg, DriftViewMsg, DriftPanelState>({
  initial: initialDriftState,
  reduce: reduceDrift,
  render,
  toAction: (msg, persist) => {
    switch (msg.type) {
      case 'drift/loading':
        return { type: 'loading' };
      case 'drift/snapshot':
        persist(msg.state);
        return { type: 'snapshot', report: msg.report };
      case 'analysis/failed':
        return { type: 'failed', message: msg.message };
    }
  },
  command: (m) => (m === 'refresh' ? { type: 'drift/refresh' } : { type: 'drift/export', format: m }),
  ready: { type: 'view/ready' },
});
