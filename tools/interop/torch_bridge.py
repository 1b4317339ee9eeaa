"""The PyTorch side of the bridge between descent and PyTorch (torch 1.13, Debian's python3-torch).

A model trained in descent is saved with `d.io.saveTensors(model.stateDict())`: a safetensors
file whose keys are torch's own (`0.weight`, `0.bias`, ...). This script loads such a file
into the same architecture built with torch.nn and runs it, or trains that architecture in
PyTorch and saves its state dict as safetensors for descent to load. safetensors is read and
written here with struct and json only, so nothing beyond torch is needed (the `safetensors`
package, where installed, reads and writes the same files).

    /usr/bin/python3 tools/interop/torch_bridge.py predict ARCH WEIGHTS INPUTS OUT
        load WEIGHTS (safetensors) into ARCH, run it on the tensor "x" of INPUTS, write {"y": ...} to OUT
    /usr/bin/python3 tools/interop/torch_bridge.py train ARCH DATA OUT_WEIGHTS OUT_PREDICTIONS
        build ARCH with torch.manual_seed(seed), train it with SGD on DATA's "x" and "y"
        (class indices as float32), save its state dict to OUT_WEIGHTS and its outputs on "x" to OUT_PREDICTIONS

    /usr/bin/python3 tools/interop/torch_bridge.py batch JOBS.json
        the same jobs, listed in a JSON file, in one process (importing torch is the slow part)

ARCH is JSON, e.g. '{"kind": "mlp", "sizes": [4, 16, 3], "activation": "relu"}'. Each kind
is a builder in ARCHITECTURES ("mlp", "cnn", "lstm"), with the same keys as torch.nn, and test/node/torch-bridge.test.mjs builds
the same architecture in descent.
"""
import json
import struct
import sys

import torch

DTYPES = {
    'F32': (torch.float32, 'f', 4),
    'F64': (torch.float64, 'd', 8),
    'I64': (torch.int64, 'q', 8),
    'I32': (torch.int32, 'i', 4),
}
NAMES = {dtype: name for name, (dtype, _, _) in DTYPES.items()}


def load_safetensors(path):
    """{name: tensor} and the metadata of a safetensors file (little-endian, as the format says)."""
    with open(path, 'rb') as f:
        blob = f.read()
    (n,) = struct.unpack('<Q', blob[:8])
    header = json.loads(blob[8:8 + n].decode('utf-8'))
    metadata = header.pop('__metadata__', {})
    data = blob[8 + n:]
    tensors = {}
    for name, entry in header.items():
        if entry['dtype'] not in DTYPES:
            raise ValueError(f'{path}: {name}: dtype {entry["dtype"]} is not supported here')
        dtype, code, size = DTYPES[entry['dtype']]
        start, end = entry['data_offsets']
        count = (end - start) // size
        values = struct.unpack(f'<{count}{code}', data[start:end])
        tensors[name] = torch.tensor(values, dtype=dtype).reshape(entry['shape'])
    return tensors, metadata


def save_safetensors(path, tensors, metadata=None):
    """Writes {name: tensor} as safetensors, keys sorted, data in key order."""
    header = {}
    chunks = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        if t.dtype not in NAMES:
            raise ValueError(f'{name}: dtype {t.dtype} is not supported here')
        _, code, _ = DTYPES[NAMES[t.dtype]]
        values = t.reshape(-1).tolist()
        chunk = struct.pack(f'<{len(values)}{code}', *values)
        header[name] = {'dtype': NAMES[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(chunk)]}
        chunks.append(chunk)
        offset += len(chunk)
    if metadata:
        header['__metadata__'] = metadata
    encoded = json.dumps(header, separators=(',', ':')).encode('utf-8')
    encoded += b' ' * (-len(encoded) % 8)  # the format pads the header to 8 bytes with spaces
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(encoded)) + encoded + b''.join(chunks))


ACTIVATIONS = {'relu': torch.nn.ReLU, 'tanh': torch.nn.Tanh, 'sigmoid': torch.nn.Sigmoid, 'gelu': torch.nn.GELU}


def mlp(spec):
    """Sequential(Linear, activation, Linear, ...): keys 0.weight, 0.bias, 2.weight, ..."""
    sizes = spec['sizes']
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(ACTIVATIONS[spec.get('activation', 'relu')]())
    return torch.nn.Sequential(*layers)


def cnn(spec):
    """Sequential(Conv2d, ReLU, MaxPool2d(2), Flatten, Linear) over [N, C, H, W] images: keys 0.*, 4.*."""
    c, h, w = spec['input']
    k = spec.get('channels', 8)
    return torch.nn.Sequential(
        torch.nn.Conv2d(c, k, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
        torch.nn.Linear(k * (h // 2) * (w // 2), spec['classes']),
    )


class LstmLastStep(torch.nn.Module):
    """LSTM over [N, L, F] (batch_first), then Linear on the last step's output: keys lstm.*, head.*."""

    def __init__(self, spec):
        super().__init__()
        steps, features = spec['input']
        layers, bidirectional = spec.get('numLayers', 1), spec.get('bidirectional', False)
        self.lstm = torch.nn.LSTM(features, spec['hidden'], num_layers=layers, batch_first=True, bidirectional=bidirectional)
        self.head = torch.nn.Linear(spec['hidden'] * (2 if bidirectional else 1), spec['classes'])

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


# The hook for more architectures: kind -> builder(spec) returning a torch.nn.Module whose
# state_dict keys are the ones descent's module of the same spec has.
ARCHITECTURES = {'mlp': mlp, 'cnn': cnn, 'lstm': LstmLastStep}


def build(spec):
    kind = spec.get('kind')
    if kind not in ARCHITECTURES:
        raise ValueError(f'unknown architecture kind {kind!r}; known: {sorted(ARCHITECTURES)}')
    return ARCHITECTURES[kind](spec)


def loss_for(spec):
    return torch.nn.CrossEntropyLoss() if spec.get('loss', 'crossEntropy') == 'crossEntropy' else torch.nn.MSELoss()


def predict(spec, weights_path, inputs_path, out_path):
    model = build(spec)
    state, _ = load_safetensors(weights_path)
    model.load_state_dict(state, strict=True)  # every key and shape, as descent's loadStateDict
    model.eval()
    inputs, _ = load_safetensors(inputs_path)
    with torch.no_grad():
        y = model(inputs['x'])
    save_safetensors(out_path, {'y': y}, {'writer': 'tools/interop/torch_bridge.py', 'torch': torch.__version__})


def train(spec, data_path, weights_path, predictions_path):
    torch.manual_seed(spec.get('seed', 0))
    model = build(spec)
    data, _ = load_safetensors(data_path)
    x, y = data['x'], data['y']
    if spec.get('loss', 'crossEntropy') == 'crossEntropy':
        y = y.long()
    optimizer = torch.optim.SGD(model.parameters(), lr=spec.get('lr', 0.1), momentum=spec.get('momentum', 0.9))
    loss_fn = loss_for(spec)
    for _ in range(spec.get('steps', 50)):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        out = model(x)
    save_safetensors(weights_path, model.state_dict(), {'writer': 'tools/interop/torch_bridge.py', 'torch': torch.__version__})
    save_safetensors(predictions_path, {'y': out}, {'final_loss': repr(float(loss))})


def run_job(job):
    if job['command'] == 'predict':
        predict(job['spec'], job['weights'], job['inputs'], job['out'])
    elif job['command'] == 'train':
        train(job['spec'], job['data'], job['weights'], job['predictions'])
    else:
        raise ValueError(f'unknown command {job["command"]!r}')


def main(argv):
    if len(argv) == 3 and argv[1] == 'batch':
        # One process for many jobs (importing torch is the slow part): a JSON list of
        # {"command": "predict", "spec", "weights", "inputs", "out"} and
        # {"command": "train", "spec", "data", "weights", "predictions"}.
        with open(argv[2]) as f:
            for job in json.load(f):
                run_job(job)
        return 0
    if len(argv) < 7 or argv[1] not in ('predict', 'train'):
        print(__doc__, file=sys.stderr)
        return 2
    command, spec = argv[1], json.loads(argv[2])
    if command == 'predict':
        predict(spec, *argv[3:6])
    else:
        train(spec, *argv[3:6])
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
