#!/usr/bin/python3
"""PyTorch DistributedDataParallel (Gloo, 127.0.0.1) reference for bench/scaling.ts: the GPT of
bench/torch_train.py (identical to src/model/gpt.ts), `--world` processes, `--batch` sequences per process
per step, `--threads` intra-op threads per process, AdamW + grad clip 1.0 like mygpt. DDP's defaults
(bucket_cap_mb 25, first bucket 1 MB) overlap the all-reduce with backward.
Usage: /usr/bin/python3 bench/torch_ddp.py --world 2 --steps 300 --warmup 20
Prints one JSON line: median step ms after warm-up (rank 0's clock; DDP keeps the ranks in lock-step) and
global tokens/s = world x batch x block_size / median step."""
import argparse, json, os, socket, statistics, sys, time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch.nn.parallel import DistributedDataParallel as DDP

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_train import GPT  # noqa: E402  same model as the single-process reference


def worker(rank, a, port, q):
    torch.set_num_threads(a.threads)
    if a.world > 1:
        dist.init_process_group('gloo', init_method=f'tcp://127.0.0.1:{port}', rank=rank, world_size=a.world)
    torch.manual_seed(0)                       # identical init on every rank (DDP also broadcasts rank 0's)
    m = GPT(a.vocab, a.block_size, a.n_embd, a.n_layer, a.n_head)
    model = DDP(m) if a.world > 1 else m
    decay = [p for p in m.parameters() if p.dim() >= 2]
    no_decay = [p for p in m.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.1}, {'params': no_decay, 'weight_decay': 0.0}],
                            lr=3e-4, betas=(0.9, 0.95), eps=1e-8)
    g = torch.Generator().manual_seed(1 + rank)   # each rank its own shard of (random) data
    stamps = []
    for _ in range(a.warmup + a.steps):
        x = torch.randint(0, a.vocab, (a.batch, a.block_size + 1), generator=g)
        loss = model(x[:, :-1], x[:, 1:])
        opt.zero_grad(set_to_none=True)
        loss.backward()                        # DDP: bucketed all-reduce overlapped with this backward
        torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()
        stamps.append(time.perf_counter())
    if rank == 0:
        dts = [b - c for b, c in zip(stamps[a.warmup:], stamps[a.warmup - 1:])]
        med = statistics.median(dts)
        q.put({'impl': 'pytorch-ddp-gloo' if a.world > 1 else 'pytorch', 'torch': torch.__version__, 'world': a.world,
               'threads': torch.get_num_threads(), 'batch': a.batch, 'steps': len(dts), 'step_ms': 1000 * med,
               'tokens_per_s': a.world * a.batch * a.block_size / med, 'loss': float(loss)})
    if a.world > 1:
        dist.destroy_process_group()


def main():
    p = argparse.ArgumentParser()
    for k, d in [('world', 2), ('n_layer', 4), ('n_head', 4), ('n_embd', 128), ('block_size', 64), ('batch', 12),
                 ('vocab', 65), ('threads', 1), ('steps', 300), ('warmup', 20)]:
        p.add_argument('--' + k, type=int, default=d)
    a = p.parse_args()
    s = socket.socket(); s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]; s.close()
    ctx = mp.get_context('spawn')
    q = ctx.Queue()
    procs = [ctx.Process(target=worker, args=(r, a, port, q)) for r in range(a.world)]
    for pr in procs: pr.start()
    res = q.get(timeout=1800)
    for pr in procs: pr.join(60)
    print(json.dumps(res))


if __name__ == '__main__':
    sys.exit(main())
