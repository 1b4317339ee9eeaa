# The recipe of examples/char-lstm.mjs in torch 1.13: a character-level LSTM on
# data/tiny-text.txt (Embedding V→16, LSTM 16→128, Linear 128→V), Adam lr 1e-2,
# clip_grad_norm_ 1.0, STEPS steps of batch 32 × 32 characters whose start positions follow
# the same arithmetic schedule as the example (no random numbers: only the initialisation
# differs between torch and descent), over five seeds of the initialisation. Prints, per seed,
# the mean training loss of the last 20 steps, the loss over the whole text read once (as one
# sequence), the greedy next-character accuracy on it and a greedy continuation of a prompt,
# to set the bounds that test/helpers/example_checks.mjs asserts. Writes nothing.
#   /usr/bin/python3 tools/reference/char_lstm.py
import os
import sys
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
TEXT = open(os.path.join(HERE, '..', '..', 'data', 'tiny-text.txt'), encoding='utf-8').read()
VOCAB = sorted(set(TEXT))
IDS = np.array([VOCAB.index(c) for c in TEXT], dtype=np.int64)
STEPS, T, B, E, H, LR, CLIP, STRIDE = 300, 32, 32, 16, 128, 1e-2, 1.0, 613
if len(sys.argv) > 1:
    STEPS = int(sys.argv[1])
torch.set_num_threads(1)
PROMPT = 'The three walkers'


def batch_starts(step):
    """Start positions of batch `step`: (step·B + b)·STRIDE mod (N − T), b < B (STRIDE coprime with N − T)."""
    span = len(IDS) - T
    return [((step * B + b) * STRIDE) % span for b in range(B)]


class CharLstm(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(len(VOCAB), E)
        self.lstm = torch.nn.LSTM(E, H)
        self.head = torch.nn.Linear(H, len(VOCAB))

    def forward(self, ids):  # ids [T, B]
        out, _ = self.lstm(self.embed(ids))
        return self.head(out)


def run(seed):
    torch.manual_seed(seed)
    net = CharLstm()
    opt = torch.optim.Adam(net.parameters(), lr=LR)
    losses = []
    for step in range(STEPS):
        starts = batch_starts(step)
        x = torch.tensor(np.stack([IDS[s:s + T] for s in starts], 1))
        y = torch.tensor(np.stack([IDS[s + 1:s + T + 1] for s in starts], 1))
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x).reshape(-1, len(VOCAB)), y.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), CLIP)
        opt.step()
        losses.append(loss.item())
    with torch.no_grad():
        logits = net(torch.tensor(IDS[:-1]).reshape(-1, 1)).reshape(-1, len(VOCAB))
        target = torch.tensor(IDS[1:])
        whole = torch.nn.functional.cross_entropy(logits, target).item()
        accuracy = (logits.argmax(1) == target).double().mean().item()
        continuation = greedy(net, PROMPT, 120)
    return float(np.mean(losses[-20:])), whole, accuracy, continuation


def greedy(net, prompt, length):
    """Feeds the prompt, then appends the most likely next character `length` times."""
    ids = torch.tensor([VOCAB.index(c) for c in prompt]).reshape(-1, 1)
    state, out = None, ''
    for _ in range(length):
        o, state = net.lstm(net.embed(ids), state)
        nxt = int(net.head(o[-1, 0]).argmax())
        out += VOCAB[nxt]
        ids = torch.tensor([[nxt]])
    return out


def agreement(continuation):
    """The longest stretch of the continuation found verbatim in the text, and the share of its
    complete words that are words of the text."""
    longest = 0
    for i in range(len(continuation)):
        j = i + longest + 1
        while j <= len(continuation) and continuation[i:j] in TEXT:
            longest, j = j - i, j + 1
    words = set(''.join(c if c.isalpha() else ' ' for c in TEXT).split())
    found = ''.join(c if c.isalpha() else ' ' for c in continuation).split()[:-1]
    return longest, sum(w in words for w in found) / max(len(found), 1)


assert np.gcd(STRIDE, len(IDS) - T) == 1
results = [run(seed) for seed in range(5)]
print('torch', torch.__version__, 'steps', STEPS, 'vocab', len(VOCAB), 'chars', len(IDS))
for seed, (last, whole, acc, cont) in enumerate(results):
    print('seed %d: last-20 training loss %.4f, whole-text loss %.4f, next-char accuracy %.4f' % (seed, last, whole, acc))
    print('  %s|%s' % (PROMPT, cont))
    print('  its longest stretch found verbatim in the text: %d characters; %.3f of its words are words of the text' % agreement(cont))
for name, k in (('last-20 training loss', 0), ('whole-text loss', 1), ('next-char accuracy', 2)):
    v = [r[k] for r in results]
    print('%s: mean %.4f min %.4f max %.4f' % (name, np.mean(v), min(v), max(v)))
