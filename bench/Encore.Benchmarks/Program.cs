using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Encore.Benchmarks -- --filter '*'` runs every kernel benchmark;
// end-to-end scale benchmarks are scripts in bench/ (see bench/README.md).
// `-- retrieval ...` is the timed full-scale run of personal top-k and similar items (Scale/RetrievalRun.cs).
if (args.Length > 0 && args[0] == "retrieval")
{
    return Encore.Benchmarks.Scale.RetrievalRun.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
