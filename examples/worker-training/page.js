// The page half of examples/worker-training: starts the worker, sends it "train" or "stop", and
// redraws the loss chart (descent-ml/plot, SVG) at every epoch and a progress bar at every batch.
// It loads no engine itself: the chart's linear axes need none.
import { lineChart } from '../../dist/pkg/plot/index.js';

const worker = new Worker(new URL('./train.worker.js', import.meta.url), { type: 'module' });
const $ = (id) => document.getElementById(id);
// What the page has seen, for the console (and test/node/worker-page.test.mjs).
const log = (window.trainingLog = { state: 'idle', losses: [], accuracy: [], final: null });

function draw() {
  $('chart').innerHTML = log.losses.length === 0 ? '' : lineChart({
    series: [{ name: 'training loss', y: log.losses }], xLabel: 'epoch', yLabel: 'cross-entropy', width: 640, height: 320,
  });
}

worker.onmessage = ({ data }) => {
  if (data.type === 'progress') {
    const e = data.event;
    $('batch').value = e.batches ? e.batch / e.batches : 0;
    if (e.type === 'epoch') {
      log.losses.push(e.loss);
      log.accuracy.push(e.metrics?.accuracy);
      $('status').textContent = `epoch ${e.epoch}/${e.epochs}: loss ${e.loss.toFixed(4)}, ${e.rate.toFixed(0)} samples/s`;
      draw();
    }
    return;
  }
  log.state = data.type;
  log.final = data;
  $('status').textContent = data.type === 'done' ? `done: final loss ${data.loss.at(-1).toFixed(4)}` : `${data.type}: ${data.message}`;
  $('start').disabled = false;
  $('stop').disabled = true;
};

$('start').onclick = () => {
  Object.assign(log, { state: 'training', losses: [], accuracy: [], final: null });
  draw();
  $('start').disabled = true;
  $('stop').disabled = false;
  worker.postMessage({ type: 'train', epochs: Number($('epochs').value), lr: Number($('lr').value), seed: 0 });
};
$('stop').onclick = () => worker.postMessage({ type: 'stop' });
