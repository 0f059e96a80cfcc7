using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Encore.Benchmarks -- --filter '*'` runs every kernel benchmark;
// end-to-end scale benchmarks are scripts in bench/ (see bench/README.md).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
