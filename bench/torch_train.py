#!/usr/bin/python3
"""PyTorch CPU reference for bench/train.ts: the same GPT as src/model/gpt.ts (pre-LN, GELU tanh, learned
positions, head tied to wte, biases on every linear, AdamW with decay on matrices only, grad clip 1.0).
Prints one JSON line: tokens/s over `--steps` timed steps after `--warmup` steps, CPU ms per step, and
peak RSS (MiB)."""
import argparse, json, math, resource, time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(s, C, nh):
        super().__init__()
        s.nh = nh
        s.ln1, s.ln2 = nn.LayerNorm(C), nn.LayerNorm(C)
        s.attn, s.proj = nn.Linear(C, 3 * C), nn.Linear(C, C)
        s.fc, s.mproj = nn.Linear(C, 4 * C), nn.Linear(4 * C, C)

    def forward(s, x):
        B, T, C = x.shape
        q, k, v = s.attn(s.ln1(x)).split(C, dim=2)                      # (B, T, C) each
        q, k, v = (t.view(B, T, s.nh, C // s.nh).transpose(1, 2) for t in (q, k, v))  # (B, nh, T, hs)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))   # (B, nh, T, T)
        att = att.masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float('-inf')).softmax(-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        x = x + s.proj(y)
        return x + s.mproj(F.gelu(s.fc(s.ln2(x)), approximate='tanh'))


class GPT(nn.Module):
    def __init__(s, V, T, C, nl, nh):
        super().__init__()
        s.wte, s.wpe = nn.Embedding(V, C), nn.Embedding(T, C)
        s.blocks = nn.ModuleList(Block(C, nh) for _ in range(nl))
        s.lnf = nn.LayerNorm(C)
        for mod in s.modules():
            if isinstance(mod, (nn.Linear, nn.Embedding)):
                nn.init.normal_(mod.weight, 0.0, 0.02)

    def forward(s, idx, targets):
        B, T = idx.shape
        x = s.wte(idx) + s.wpe(torch.arange(T))
        for b in s.blocks:
            x = b(x)
        logits = s.lnf(x) @ s.wte.weight.t()                              # tied head
        return F.cross_entropy(logits.view(B * T, -1), targets.reshape(B * T))


def main():
    p = argparse.ArgumentParser()
    for k, d in [('n_layer', 4), ('n_head', 4), ('n_embd', 128), ('block_size', 64), ('batch', 12), ('vocab', 65),
                 ('threads', 1), ('steps', 30), ('warmup', 5)]:
        p.add_argument('--' + k, type=int, default=d)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    m = GPT(a.vocab, a.block_size, a.n_embd, a.n_layer, a.n_head)
    decay = [q for q in m.parameters() if q.dim() >= 2]
    no_decay = [q for q in m.parameters() if q.dim() < 2]
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.1}, {'params': no_decay, 'weight_decay': 0.0}],
                            lr=3e-4, betas=(0.9, 0.95), eps=1e-8)
    g = torch.Generator().manual_seed(0)

    def step():
        x = torch.randint(0, a.vocab, (a.batch, a.block_size + 1), generator=g)
        loss = m(x[:, :-1], x[:, 1:])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(a.steps):
        loss = step()
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({'impl': 'pytorch', 'torch': torch.__version__, 'threads': torch.get_num_threads(),
                      'tokens_per_s': a.steps * a.batch * a.block_size / dt, 'step_ms': 1000 * dt / a.steps,
                      'cpu_ms': 1000 * cpu / a.steps,
                      'loss': loss, 'peak_rss_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      'params': sum(q.numel() for q in m.parameters())}))


if __name__ == '__main__':
    main()
