using Encore.Cli;

// Before the first large array: the managed heap is backed by transparent huge pages from the start (docs/scaling.md).
_ = Encore.Core.Runtime.HugePages.AdviseHeap();

return EncoreCommandLine.Invoke(args, ownsProcess: true);
