# The recipe of examples/cnn-digits.mjs in torch 1.13: the same network (Conv2d 1→16, BN, ReLU,
# Conv2d 16→32, BN, ReLU, MaxPool 2, Dropout 0.25, Linear 512→64, ReLU, Linear 64→10), Adam
# lr 2e-3 ÷10 after epoch 10, 15 epochs, batch 32, pixels / 16, a stratified 75/25 split —
# over five seeds (split, initialisation and shuffling), to set the accuracy bound that
# test/helpers/example_checks.mjs asserts. Prints the accuracies; writes nothing.
#   /usr/bin/python3 tools/reference/cnn_digits.py
import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

X, y = load_digits(return_X_y=True)
X = (X / 16.0).astype(np.float32).reshape(-1, 1, 8, 8)
torch.set_num_threads(1)


def run(seed, epochs=15, batch=32, lr=2e-3, decay_epoch=10):
    xtr, xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=seed, stratify=y)
    torch.manual_seed(seed)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.BatchNorm2d(16), torch.nn.ReLU(),
        torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.BatchNorm2d(32), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Dropout(0.25), torch.nn.Linear(512, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=decay_epoch, gamma=0.1)
    xt, yt = torch.tensor(xtr), torch.tensor(ytr)
    order = np.random.default_rng(seed)
    for _ in range(epochs):
        net.train()
        perm = order.permutation(len(xt))
        for i in range(0, len(xt), batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(xt[idx]), yt[idx]).backward()
            opt.step()
        sched.step()
    net.eval()
    with torch.no_grad():
        return float((net(torch.tensor(xte)).argmax(1).numpy() == yte).mean())


accuracies = [run(seed) for seed in range(5)]
print('torch', torch.__version__, 'test accuracies', ['%.4f' % a for a in accuracies],
      'mean %.4f min %.4f' % (np.mean(accuracies), min(accuracies)))
