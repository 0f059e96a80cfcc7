using System.Runtime.InteropServices;
using System.Text;
using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;

namespace Encore.Core.Artifacts;

/// <summary>
/// als_model.bin: the ALS model with the id maps it was trained with, so a service can turn external ids into rows
/// and fold in new users later. Layout (little-endian): 8-byte magic "ENCOREAM", int32 version, int32 users,
/// int64[users] user ids, int32 items, int64[items] item ids, then <see cref="AlsRecommender.Save(Stream)"/>.
/// </summary>
public static class AlsModelFile
{
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "ENCOREAM"u8.ToArray();

    /// <summary>Writes the model and its id maps to <paramref name="path"/>.</summary>
    public static void Save(string path, AlsRecommender model, IdMap users, IdMap items)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(items);
        if (users.Count != model.UserFactors.Rows || items.Count != model.ItemFactors.Rows)
        {
            throw new ArgumentException(
                $"Id maps {users.Count}x{items.Count} do not match the model {model.UserFactors.Rows}x{model.ItemFactors.Rows}.");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                WriteIds(writer, users);
                WriteIds(writer, items);
            }

            model.Save(stream);
        }
        catch (IOException e)
        {
            throw new EncoreException($"Cannot write ALS model '{path}': {e.Message}", e);
        }
    }

    /// <summary>Reads a file written by <see cref="Save"/>.</summary>
    /// <exception cref="EncoreException">The file is missing, of another format or version, or truncated.</exception>
    public static (AlsRecommender Model, IdMap Users, IdMap Items) Load(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            var (users, items) = ReadHeader(stream, path);
            var model = AlsRecommender.Load(stream, path);
            if (users.Count != model.UserFactors.Rows || items.Count != model.ItemFactors.Rows)
            {
                throw new EncoreException($"'{path}': the id maps do not match the model's shape.");
            }

            return (model, users, items);
        }
        catch (EndOfStreamException e)
        {
            throw new EncoreException($"'{path}' is truncated: not a complete ALS model file.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EncoreException($"Cannot read ALS model '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// The model's options and id maps from <paramref name="path"/>, without reading its factors and training matrix:
    /// for a step that scores with the model later and needs only its shape and options until then.
    /// </summary>
    /// <exception cref="EncoreException">The file is missing, of another format or version, or truncated.</exception>
    public static (AlsOptions Options, IdMap Users, IdMap Items) ReadOptionsAndIds(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            var (users, items) = ReadHeader(stream, path);
            var (options, userRows, itemRows) = AlsRecommender.ReadHeader(stream, path);
            if (users.Count != userRows || items.Count != itemRows)
            {
                throw new EncoreException($"'{path}': the id maps do not match the model's shape.");
            }

            return (options, users, items);
        }
        catch (EndOfStreamException e)
        {
            throw new EncoreException($"'{path}' is truncated: not a complete ALS model file.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EncoreException($"Cannot read ALS model '{path}': {e.Message}", e);
        }
    }

    /// <summary>The file's magic, version and id maps; <paramref name="stream"/> is left at the model.</summary>
    private static (IdMap Users, IdMap Items) ReadHeader(Stream stream, string path)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
        {
            throw new EncoreException($"'{path}' is not an Encore ALS model file (bad magic).");
        }

        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new EncoreException($"'{path}' has ALS model file version {version}; this build reads version {FormatVersion}.");
        }

        var users = ReadIds(reader, path);
        var items = ReadIds(reader, path);
        return (users, items);
    }

    private static void WriteIds(BinaryWriter writer, IdMap map)
    {
        writer.Write(map.Count);
        writer.Write(MemoryMarshal.AsBytes(map.ExternalIds));
    }

    private static IdMap ReadIds(BinaryReader reader, string path)
    {
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new EncoreException($"'{path}' has a negative id count {count}.");
        }

        var ids = new long[count];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(ids.AsSpan()));
        return IdMap.FromIds(ids);
    }
}
