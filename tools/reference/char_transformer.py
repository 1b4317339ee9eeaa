# The recipe of examples/char-transformer.mjs in torch 1.13: a tiny causal transformer on
# data/tiny-text.txt (token + position Embedding →32, TransformerEncoder of 2 pre-norm layers,
# 4 heads, feed-forward 64, no dropout, a final LayerNorm, Linear 32→V), Adam lr 1e-2, STEPS
# steps of 16 windows × 32 characters whose start positions follow the same arithmetic schedule
# as the example (no random numbers: only the initialisation differs between torch and
# descent), over five seeds of the initialisation. Prints, per seed, the mean training loss of
# the last 20 steps, the loss and greedy next-character accuracy over the whole text in
# consecutive windows, and a greedy continuation of a prompt, to set the bounds that
# test/helpers/example_checks.mjs asserts. Writes nothing.
#   /usr/bin/python3 tools/reference/char_transformer.py
import os
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
TEXT = open(os.path.join(HERE, '..', '..', 'data', 'tiny-text.txt'), encoding='utf-8').read()
VOCAB = sorted(set(TEXT))
IDS = np.array([VOCAB.index(c) for c in TEXT], dtype=np.int64)
STEPS, T, B, D, HEADS, FF, LAYERS, LR, STRIDE = 500, 32, 16, 32, 4, 64, 2, 1e-2, 613
PROMPT = 'The three walkers'
torch.set_num_threads(1)


def window_starts(step):
    return [((step * B + b) * STRIDE) % (len(IDS) - T) for b in range(B)]


def windows(starts):
    x = np.stack([IDS[s:s + T] for s in starts])
    y = np.stack([IDS[s + 1:s + T + 1] for s in starts])
    return torch.tensor(x), torch.tensor(y)


class CharTransformer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(len(VOCAB), D)
        self.position = torch.nn.Embedding(T, D)
        layer = torch.nn.TransformerEncoderLayer(D, HEADS, FF, dropout=0.0, batch_first=True, norm_first=True)
        self.encoder = torch.nn.TransformerEncoder(layer, LAYERS, norm=torch.nn.LayerNorm(D), enable_nested_tensor=False)
        self.head = torch.nn.Linear(D, len(VOCAB))

    def forward(self, ids):  # ids [B, t]
        t = ids.shape[1]
        x = self.embed(ids) + self.position(torch.arange(t))
        causal = torch.triu(torch.full((t, t), float('-inf')), 1)
        return self.head(self.encoder(x, mask=causal))


def agreement(continuation):
    longest = 0
    for i in range(len(continuation)):
        j = i + longest + 1
        while j <= len(continuation) and continuation[i:j] in TEXT:
            longest = j - i
            j += 1
    words = lambda s: ''.join(c if c.isalpha() else ' ' for c in s).split()
    known = set(words(TEXT))
    found = words(continuation)[:-1]
    return longest, sum(w in known for w in found) / max(len(found), 1)


def run(seed):
    torch.manual_seed(seed)
    model = CharTransformer()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    losses = []
    for step in range(STEPS):
        x, y = windows(window_starts(step))
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x).reshape(-1, len(VOCAB)), y.reshape(-1))
        loss.backward()
        opt.step()
        losses.append(loss.item())
    with torch.no_grad():
        x, y = windows([i * T for i in range((len(IDS) - 1) // T)])
        logits = model(x)
        whole = torch.nn.functional.cross_entropy(logits.reshape(-1, len(VOCAB)), y.reshape(-1)).item()
        accuracy = (logits.argmax(-1) == y).double().mean().item()
        ids = [VOCAB.index(c) for c in PROMPT]
        out = ''
        for _ in range(120):
            nxt = model(torch.tensor([ids[-T:]]))[0, -1].argmax().item()
            ids.append(nxt)
            out += VOCAB[nxt]
    longest, known = agreement(out)
    print('seed %d: last 20 steps %.4f, whole text %.4f, accuracy %.4f, verbatim %d, known words %.2f | %s'
          % (seed, np.mean(losses[-20:]), whole, accuracy, longest, known, out.replace('\n', '⏎')))


for seed in range(5):
    run(seed)
