using System.Reflection;
using System.Text.Json;
using Encore.Core.Serving;
using Encore.Server.Events;
using Microsoft.Extensions.Configuration;

namespace Encore.Server.Tests.Serving;

/// <summary>The shipped appsettings.json lists every option of every section, each at the default its class has.</summary>
public sealed class AppSettingsTests
{
    public static TheoryData<string, Type> Sections => new()
    {
        { ServerOptions.Section, typeof(ServerOptions) },
        { ArtifactsOptions.Section, typeof(ArtifactsOptions) },
        { PeersOptions.Section, typeof(PeersOptions) },
        { RecommendationOptions.Section, typeof(RecommendationOptions) },
        { EventStoreOptions.Section, typeof(EventStoreOptions) },
        { Encore.Server.Explorer.ExplorerOptions.Section, typeof(Encore.Server.Explorer.ExplorerOptions) },
    };

    [Theory]
    [MemberData(nameof(Sections))]
    public void EveryOptionIsListedAtItsDefault(string section, Type options)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .Build()
            .GetSection(section);

        AssertListed(configuration, options, section);
        var bound = configuration.Get(options) ?? Activator.CreateInstance(options)!;
        var defaults = Activator.CreateInstance(options)!;
        Assert.Equal(JsonSerializer.Serialize(defaults, options), JsonSerializer.Serialize(bound, options));
    }

    private static void AssertListed(IConfigurationSection section, Type options, string path)
    {
        foreach (var property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var child = section.GetSection(property.Name);
            Assert.True(child.Exists() || child.Value is not null, $"appsettings.json lacks {path}:{property.Name}");
            if (property.PropertyType.IsClass && property.PropertyType.Namespace?.StartsWith("Encore", StringComparison.Ordinal) == true)
            {
                AssertListed(child, property.PropertyType, $"{path}:{property.Name}");
            }
        }
    }
}
