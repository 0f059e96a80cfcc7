using BenchmarkDotNet.Running;
using Encore.Benchmarks.Models;
using Encore.Benchmarks.Scale;
using Encore.Benchmarks.Service;

// `dotnet run -c Release --project bench/Encore.Benchmarks -- --filter '*'` runs every kernel benchmark;
// `-- service-artifacts --out DIR` writes the service benchmark's artifact set (bench/service/README.md);
// `-- service-ids --artifacts DIR --out DIR` lists a real set's user and track ids for bench/service/run.sh (REAL_IDS=1);
// `-- serving-load --artifacts DIR` times the service's artifact load part by part (Service/ServingLoadCommand.cs);
// `-- serving-memory --artifacts DIR [--mode parts|served]` shows where a live set's memory goes (Service/ServingMemoryCommand.cs);
// `-- foldin-variants --data DIR --artifacts DIR` replays the ALS fold-in variants (Models/FoldInVariantsCommand.cs);
// `-- serving-foldin --artifacts DIR` times the serving set's request-time fold-in (Service/ServingFoldInCommand.cs);
// `-- serving-live --artifacts DIR` times the serving set's request-time ranking (Service/ServingLiveCommand.cs);
// `-- retrieval ...` is the timed full-scale run of personal top-k and similar items (Scale/RetrievalRun.cs);
// `-- similar-phases --model FILE` times the similar search's phases (Scale/SimilarPhasesCommand.cs);
// `-- similar-refine --model FILE` times the similar search's refinement, fast and reference (Scale/SimilarRefineCommand.cs);
// end-to-end scale benchmarks are scripts in bench/ (see bench/README.md).
if (args is [ServiceArtifactsCommand.Name, ..])
{
    return ServiceArtifactsCommand.Run(args.AsSpan(1));
}

if (args is [ServiceIdsCommand.Name, ..])
{
    return ServiceIdsCommand.Run(args.AsSpan(1));
}

if (args is [ServingLoadCommand.Name, ..])
{
    return ServingLoadCommand.Run(args.AsSpan(1));
}

if (args is [ServingMemoryCommand.Name, ..])
{
    return ServingMemoryCommand.Run(args.AsSpan(1));
}

if (args is [FoldInVariantsCommand.Name, ..])
{
    return FoldInVariantsCommand.Run(args.AsSpan(1));
}

if (args is [ServingFoldInCommand.Name, ..])
{
    return ServingFoldInCommand.Run(args.AsSpan(1));
}

if (args is [ServingLiveCommand.Name, ..])
{
    return ServingLiveCommand.Run(args.AsSpan(1));
}

if (args is [SimilarPhasesCommand.Name, ..])
{
    return SimilarPhasesCommand.Run(args.AsSpan(1));
}

if (args is [SimilarRefineCommand.Name, ..])
{
    return SimilarRefineCommand.Run(args.AsSpan(1));
}

if (args is ["retrieval", ..])
{
    return RetrievalRun.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
