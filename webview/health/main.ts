import type { HealthHostMsg, HealthPanelState, HealthViewMsg } from '../../src/shared/healthProtocol';
import { startReportApp } from '../common/reportApp';
import { initialHealthState, reduceHealth, type HealthAction } from './state';
import { render } from './view';

startReportApp<ReturnType<typeof reduceHealth>, HealthAction, HealthHostMsg, HealthViewMsg, HealthPanelState>({
  initial: initialHealthState,
  reduce: reduceHealth,
  render,
  toAction: (msg, persist) => {
    switch (msg.type) {
      case 'health/loading':
        return { type: 'loading' };
      case 'health/snapshot':
        persist(msg.state);
        return { type: 'snapshot', report: msg.report, titles: msg.titles };
      case 'analysis/failed':
        return { type: 'failed', message: msg.message };
    }
  },
  command: (m) => (m === 'refresh' ? { type: 'health/refresh' } : { type: 'health/export', format: m }),
  ready: { type: 'view/ready' },
});
