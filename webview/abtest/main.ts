import type { AbtestHostMsg, AbtestPanelState, AbtestViewMsg } from '../../src/shared/abtestProtocol';
import { startReportApp } from '../common/reportApp';
import { initialAbtestState, reduceAbtest, type AbtestAction } from './state';
import { render } from './view';

startReportApp<ReturnType<typeof reduceAbtest>, AbtestAction, AbtestHostMsg, AbtestViewMsg, AbtestPanelState>({
  initial: initialAbtestState,
  reduce: reduceAbtest,
  render,
  toAction: (msg, persist) => {
    switch (msg.type) {
      case 'abtest/loading':
        return { type: 'loading' };
      case 'abtest/snapshot':
        persist(msg.state);
        return { type: 'snapshot', report: msg.report };
      case 'analysis/failed':
        return { type: 'failed', message: msg.message };
    }
  },
  command: (m) => (m === 'refresh' ? { type: 'abtest/refresh' } : { type: 'abtest/export', format: m }),
  ready: { type: 'view/ready' },
});
