// Messages between the training panel (train.ts) and its worker (train-worker.ts).

export interface TrainConfig {
  optimizer: string;
  lr: number;
  schedule: string;
  hidden: number;
  batch: number;
  epochs: number;
}

export type ToWorker =
  | { type: 'train'; config: TrainConfig }
  | { type: 'stop' }
  | { type: 'predict'; pixels: Float32Array }
  | { type: 'sample'; index: number };

export interface History {
  loss: number[];
  valLoss: number[];
  valAccuracy: number[];
  lr: number[];
}

export type FromWorker =
  | { type: 'ready'; train: number; validation: number }
  | { type: 'epoch'; epoch: number; loss: number; valLoss: number; valAccuracy: number; lr: number; logLoss: number; logValLoss: number }
  | { type: 'done'; stopped: boolean; seconds: number; engine: 'fit' | 'fitAsync'; history: History }
  | { type: 'prediction'; probs: number[] }
  | { type: 'sample'; pixels: Float32Array; label: number }
  | { type: 'error'; message: string };
