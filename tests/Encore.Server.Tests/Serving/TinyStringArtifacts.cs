using System.Globalization;
using Encore.Core;
using Encore.Core.Artifacts;
using Encore.Core.Data.DuckDb;

namespace Encore.Server.Tests.Serving;

/// <summary>
/// A hand-made artifact set trained on string ids, written as an import and train would: the dense ids are the ordinal
/// order of the originals, and user_ids.parquet / item_ids.parquet map them back. The model, in originals:
/// <list type="bullet">
/// <item>similar: mbid:anthem → mbid:ballad (.9), mbid:chorus (.8); mbid:dirge → mbid:encore (.9), mbid:fugue (.5);
/// mbid:zeta → mbid:anthem (.4);</item>
/// <item>personal lists: bob → mbid:dirge, mbid:encore; carol → mbid:anthem, mbid:fugue; the chart: every track.</item>
/// </list>
/// The <b>retrained</b> set is the same model on a log with a listener "aaaa" and a track "a-first" that sort before all
/// others (so every other id is one higher), without mbid:zeta (gone from the catalogue).
/// </summary>
internal static class TinyStringArtifacts
{
    public static readonly string[] Users = ["bob", "carol", "dave"];

    public static readonly string[] Tracks = ["mbid:anthem", "mbid:ballad", "mbid:chorus", "mbid:dirge", "mbid:encore", "mbid:fugue", "mbid:zeta"];

    private static readonly (string From, string To, double Score)[] s_similar =
    [
        ("mbid:anthem", "mbid:ballad", 0.9), ("mbid:anthem", "mbid:chorus", 0.8),
        ("mbid:dirge", "mbid:encore", 0.9), ("mbid:dirge", "mbid:fugue", 0.5),
        ("mbid:zeta", "mbid:anthem", 0.4),
        ("a-first", "mbid:anthem", 0.6),
    ];

    private static readonly (string User, string[] Items)[] s_personal =
    [
        ("bob", ["mbid:dirge", "mbid:encore"]), ("carol", ["mbid:anthem", "mbid:fugue"]), ("aaaa", ["a-first"]),
    ];

    /// <summary>Writes the set (or the retrained one) into <paramref name="directory"/>, replacing what is there.</summary>
    public static void Write(string directory, bool retrained)
    {
        string[] users = retrained ? ["aaaa", .. Users] : Users;
        string[] tracks = retrained ? ["a-first", .. Tracks.Where(t => t != "mbid:zeta")] : Tracks;
        // As import numbers them: the i-th smallest original (ordinal) is id i.
        Array.Sort(users, StringComparer.Ordinal);
        Array.Sort(tracks, StringComparer.Ordinal);
        int User(string original) => Array.IndexOf(users, original);
        int Track(string original) => Array.IndexOf(tracks, original);

        Directory.CreateDirectory(directory);
        using var session = new DuckDbSession(threads: 1);
        TinyArtifacts.Copy(session, Path.Combine(directory, ArtifactFiles.TopPopular), "rank INTEGER, item_id INTEGER, plays BIGINT, users BIGINT",
            tracks.Select((t, i) => Row(i + 1, Track(t), 100 - i, 100 - i)));
        TinyArtifacts.Copy(session, Path.Combine(directory, ArtifactFiles.PersonalAls), "user_id INTEGER, item_id INTEGER, score DOUBLE, rank INTEGER",
            s_personal.Where(p => User(p.User) >= 0)
                .SelectMany(p => p.Items.Select((t, i) => Row(User(p.User), Track(t), 1.0 - i * 0.1, i + 1))));
        TinyArtifacts.Copy(session, Path.Combine(directory, ArtifactFiles.Similar), "item_id_1 INTEGER, item_id_2 INTEGER, score DOUBLE, rank INTEGER",
            s_similar.Where(s => Track(s.From) >= 0 && Track(s.To) >= 0)
                .Select(s => Row(Track(s.From), Track(s.To), s.Score, s_similar.Where(o => o.From == s.From).TakeWhile(o => o != s).Count() + 1)));
        TinyArtifacts.Copy(session, Path.Combine(directory, ArtifactFiles.Catalog), "item_id INTEGER, name VARCHAR, artists VARCHAR[], genres VARCHAR[]",
            tracks.Select((t, i) => $"({i}, {Sql.Literal("Song " + t)}, ['Artist'], ['rock'])"));
        TinyArtifacts.Copy(session, Path.Combine(directory, FileNames.UserIds), "user_id INTEGER, original_user_id VARCHAR",
            users.Select((u, i) => $"({i}, {Sql.Literal(u)})"));
        TinyArtifacts.Copy(session, Path.Combine(directory, FileNames.ItemIds), "item_id INTEGER, original_item_id VARCHAR",
            tracks.Select((t, i) => $"({i}, {Sql.Literal(t)})"));
        var manifest = new Manifest(
            DateTime.UtcNow, new DateOnly(2024, 11, 25), [], [],
            [.. new[] { ArtifactFiles.TopPopular, ArtifactFiles.PersonalAls, ArtifactFiles.Similar, ArtifactFiles.Catalog, FileNames.UserIds, FileNames.ItemIds }
                .Select(f => ManifestFile.Of(Path.Combine(directory, f), f))],
            []);
        manifest.Write(Path.Combine(directory, ArtifactFiles.Manifest));
    }

    private static string Row(params object[] values) =>
        "(" + string.Join(", ", values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))) + ")";
}
