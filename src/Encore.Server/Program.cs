using Encore.Server;

// The service on its own (dotnet run --project src/Encore.Server -- --Artifacts:Location=artifacts);
// `encore serve` hosts the same application with friendlier flags.
var app = EncoreServer.Build(args);
EncoreServer.ApplyProcessSettings(app);
app.Run();
