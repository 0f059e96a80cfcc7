using BenchmarkDotNet.Running;
using Encore.Benchmarks.Service;

// `dotnet run -c Release --project bench/Encore.Benchmarks -- --filter '*'` runs every kernel benchmark;
// `-- service-artifacts --out DIR` writes the service benchmark's artifact set (bench/service/README.md);
// end-to-end scale benchmarks are scripts in bench/ (see bench/README.md).
if (args is [ServiceArtifactsCommand.Name, ..])
{
    return ServiceArtifactsCommand.Run(args.AsSpan(1));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
