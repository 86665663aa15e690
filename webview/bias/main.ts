import type { BiasHostMsg, BiasPanelState, BiasViewMsg } from '../../src/shared/protocol';
import { startReportApp } from '../common/reportApp';
import { initialBiasState, reduceBias, type BiasAction } from './state';
import { render } from './view';

startReportApp<ReturnType<typeof reduceBias>, BiasAction, BiasHostMsg, BiasViewMsg, BiasPanelState>({
  initial: initialBiasState,
  reduce: reduceBias,
  render,
  toAction: (msg, persist) => {
    switch (msg.type) {
      case 'bias/loading':
        return { type: 'loading' };
      case 'bias/snapshot':
        persist(msg.state);
        return { type: 'snapshot', report: msg.report };
      case 'analysis/failed':
        return { type: 'failed', message: msg.message };
    }
  },
  command: (m) => (m === 'refresh' ? { type: 'bias/refresh' } : { type: 'bias/export', format: m }),
  ready: { type: 'view/ready' },
});
