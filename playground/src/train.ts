// The training panel: settings, the worker that trains (train-worker.ts), the live chart and
// the drawing pad with the network's prediction. The page itself never trains: it only sends
// messages, so it stays responsive however long the training runs.
import { Pad } from './pad.js';
import { TRAIN_COLORS, TrainChart, type TrainPoint } from './trainchart.js';
import type { FromWorker, ToWorker, TrainConfig } from './train-protocol.js';

const OPTIMIZERS = [
  { id: 'SGD', label: 'SGD', lr: 0.05 },
  { id: 'momentum', label: 'SGD + momentum 0.9', lr: 0.05 },
  { id: 'nesterov', label: 'SGD + Nesterov momentum', lr: 0.05 },
  { id: 'Adam', label: 'Adam', lr: 0.01 },
  { id: 'AdamW', label: 'AdamW (weight decay 0.01)', lr: 0.01 },
  { id: 'RMSprop', label: 'RMSprop', lr: 0.003 },
  { id: 'Adagrad', label: 'Adagrad', lr: 0.05 },
  { id: 'NAdam', label: 'NAdam', lr: 0.01 },
  { id: 'Lion', label: 'Lion', lr: 0.001 },
];
const SCHEDULES = [
  { id: 'none', label: 'constant' },
  { id: 'step', label: 'step decay (×0.3 every third of the run)' },
  { id: 'exponential', label: 'exponential (×0.9 per epoch)' },
  { id: 'cosine', label: 'cosine annealing' },
  { id: 'onecycle', label: 'one-cycle (per batch)' },
];
const LRS = [1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.05, 0.1, 0.3, 1];

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

export function setupTraining(): void {
  const ui = {
    optimizer: byId<HTMLSelectElement>('t-optimizer'), lr: byId<HTMLSelectElement>('t-lr'),
    schedule: byId<HTMLSelectElement>('t-schedule'), hidden: byId<HTMLSelectElement>('t-hidden'),
    batch: byId<HTMLSelectElement>('t-batch'), epochs: byId<HTMLInputElement>('t-epochs'),
    train: byId<HTMLButtonElement>('t-train'), stop: byId<HTMLButtonElement>('t-stop'), status: byId<HTMLElement>('t-status'),
    chart: byId<HTMLCanvasElement>('t-chart'), legend: byId<HTMLElement>('t-legend'),
    pad: byId<HTMLCanvasElement>('pad'), clear: byId<HTMLButtonElement>('pad-clear'), sample: byId<HTMLButtonElement>('pad-sample'),
    prediction: byId<HTMLElement>('prediction'), probs: byId<HTMLElement>('probs'),
  };
  for (const o of OPTIMIZERS) ui.optimizer.add(new Option(o.label, o.id));
  for (const s of SCHEDULES) ui.schedule.add(new Option(s.label, s.id));
  for (const lr of LRS) ui.lr.add(new Option(String(lr), String(lr)));
  ui.optimizer.value = 'Adam';
  ui.lr.value = '0.01';
  ui.optimizer.addEventListener('change', () => {
    ui.lr.value = String(OPTIMIZERS.find((o) => o.id === ui.optimizer.value)?.lr ?? 0.01);
  });
  ui.legend.replaceChildren(...[
    ['training loss', TRAIN_COLORS.loss, 'solid'], ['validation loss', TRAIN_COLORS.valLoss, 'dashed'], ['validation accuracy', TRAIN_COLORS.accuracy, 'solid'],
  ].map(([text, color, dash]) => {
    const li = document.createElement('li');
    const mark = document.createElement('span');
    mark.style.cssText = `display:inline-block;width:26px;border-top:3px ${dash} ${color}`;
    li.append(mark, text);
    return li;
  }));

  const chartWidth = () => {
    const figure = ui.chart.parentElement as HTMLElement;
    const cs = getComputedStyle(figure);
    return Math.max(240, Math.floor(figure.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)));
  };
  const chart = new TrainChart(ui.chart, chartWidth());
  const points: TrainPoint[] = [];
  let epochs = Number(ui.epochs.value);
  chart.draw(points, epochs);
  window.addEventListener('resize', () => {
    chart.resize(chartWidth());
    chart.draw(points, epochs);
  });

  const worker = new Worker(new URL('./train-worker.js', import.meta.url), { type: 'module' });
  const send = (m: ToWorker) => worker.postMessage(m);
  let trained = false;
  let predictQueued = false;
  const pad = new Pad(ui.pad, 192, () => {
    if (predictQueued || !trained) return;
    predictQueued = true;
    requestAnimationFrame(() => {
      predictQueued = false;
      if (pad.isEmpty()) showProbs(null);
      else send({ type: 'predict', pixels: pad.pixels.slice() });
    });
  });
  let sampleIndex = 0;
  ui.clear.addEventListener('click', () => pad.clear());
  ui.sample.addEventListener('click', () => send({ type: 'sample', index: sampleIndex++ * 37 }));

  const status = (text: string, state?: string) => {
    ui.status.textContent = text;
    if (state) ui.status.dataset.state = state;
  };
  status('Loading the digits…', 'loading');
  ui.train.disabled = true;

  function showProbs(probs: number[] | null): void {
    if (!probs) {
      ui.prediction.textContent = 'Draw a digit on the pad.';
      ui.probs.replaceChildren();
      return;
    }
    let best = 0;
    probs.forEach((p, k) => { if (p > probs[best]) best = k; });
    ui.prediction.innerHTML = '';
    const strong = document.createElement('strong');
    strong.textContent = String(best);
    ui.prediction.append('The network reads ', strong, ` (${(100 * probs[best]).toFixed(0)} % sure)`);
    ui.prediction.dataset.digit = String(best);
    ui.probs.replaceChildren(...probs.map((p, k) => {
      const bar = document.createElement('div');
      bar.style.height = `${Math.max(1, p * 100)}%`;
      bar.title = `${k}: ${(100 * p).toFixed(1)} %`;
      if (k === best) bar.className = 'top';
      return bar;
    }));
    const labels = ui.probs.nextElementSibling?.classList.contains('probs-labels') ? ui.probs.nextElementSibling : null;
    if (!labels) {
      const row = document.createElement('div');
      row.className = 'probs-labels';
      row.setAttribute('aria-hidden', 'true');
      for (let k = 0; k < 10; k++) {
        const s = document.createElement('span');
        s.textContent = String(k);
        row.append(s);
      }
      ui.probs.after(row);
    }
  }

  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
    const m = event.data;
    if (m.type === 'ready') {
      ui.train.disabled = false;
      status(`Ready: ${m.train} training and ${m.validation} validation images.`, 'ready');
    } else if (m.type === 'epoch') {
      points.push({ logLoss: m.logLoss, logValLoss: m.logValLoss, valAccuracy: m.valAccuracy });
      chart.draw(points, epochs);
      status(`Epoch ${m.epoch}/${epochs}: loss ${m.loss.toFixed(4)}, validation accuracy ${(100 * m.valAccuracy).toFixed(1)} %`);
      ui.status.dataset.valAccuracy = String(m.valAccuracy);
      if (!pad.isEmpty()) send({ type: 'predict', pixels: pad.pixels.slice() });
    } else if (m.type === 'done') {
      ui.train.disabled = false;
      ui.stop.disabled = true;
      const h = m.history;
      const best = Math.max(...h.valAccuracy.filter(Number.isFinite), 0);
      ui.status.dataset.history = JSON.stringify(h);
      ui.status.dataset.engine = m.engine;
      status(`${m.stopped ? 'Stopped' : 'Done'} after ${h.loss.length} epochs in ${m.seconds.toFixed(1)} s: validation accuracy ${(100 * (h.valAccuracy.at(-1) ?? NaN)).toFixed(1)} % (best ${(100 * best).toFixed(1)} %). Now draw a digit on the pad.`, m.stopped ? 'stopped' : 'done');
    } else if (m.type === 'prediction') {
      showProbs(m.probs);
    } else if (m.type === 'sample') {
      ui.prediction.dataset.label = String(m.label);
      pad.set(m.pixels);
    } else if (m.type === 'error') {
      ui.train.disabled = false;
      ui.stop.disabled = true;
      status(`Training stopped with an error: ${m.message}`, 'error');
    }
  });
  worker.addEventListener('error', (e) => status(`The training worker failed: ${e.message}`, 'error'));

  ui.train.addEventListener('click', () => {
    const epochsValue = Number(ui.epochs.value);
    const ok = Number.isInteger(epochsValue) && epochsValue >= 1 && epochsValue <= 200;
    ui.epochs.setAttribute('aria-invalid', String(!ok));
    if (!ok) {
      status('Epochs must be a whole number from 1 to 200.');
      return;
    }
    epochs = epochsValue;
    const config: TrainConfig = {
      optimizer: ui.optimizer.value, lr: Number(ui.lr.value), schedule: ui.schedule.value,
      hidden: Number(ui.hidden.value), batch: Number(ui.batch.value), epochs,
    };
    ui.status.dataset.config = JSON.stringify(config);
    points.length = 0;
    chart.draw(points, epochs);
    trained = true;
    ui.train.disabled = true;
    ui.stop.disabled = false;
    status('Training…', 'running');
    send({ type: 'train', config });
  });
  ui.stop.addEventListener('click', () => send({ type: 'stop' }));
}
