using System.IO.Hashing;
using System.Runtime.InteropServices;
using Encore.Core.Linalg;
using Encore.Core.Models.Als;

namespace Encore.Core.Artifacts;

/// <summary>
/// als_candidates.bin: every user's top-k unheard items of one ALS model, as <see cref="AlsRecommender.RecommendAll"/>
/// found them in train, for the ranker's batch scoring (<see cref="AlsCandidateLists"/>). Layout (little-endian):
/// 8-byte magic "ENCOREAC", int32 version, int32 users, int32 items, int32 k, uint64 <see cref="Fingerprint"/>, then
/// per user in id order a record of int32 count, int32[k] items and float32[k] score bits (best first, unused
/// slots zero), so any user's record is found without an index.
/// </summary>
/// <remarks>
/// The lists are a pure function of the model's factors and of what each user heard, and the fingerprint covers
/// exactly those: a file of another model, another matrix or shorter lists is ignored, never used.
/// </remarks>
public static class AlsCandidatesFile
{
    public const int FormatVersion = 1;

    internal const int HeaderBytes = 32;

    private static readonly byte[] Magic = "ENCOREAC"u8.ToArray();

    /// <summary>Bytes of one user's record for lists of <paramref name="k"/>.</summary>
    internal static long RecordBytes(int k) => sizeof(int) + (2L * k * sizeof(int));

    /// <summary>Writes <paramref name="lists"/> (row u = user u, unheard items of <paramref name="model"/>).</summary>
    public static void Write(string path, TopKBatch lists, AlsRecommender model)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(model);
        if (lists.Rows != model.UserFactors.Rows)
        {
            throw new ArgumentException($"{lists.Rows} lists for a model of {model.UserFactors.Rows} users.", nameof(lists));
        }

        var k = lists.K;
        var record = RecordBytes(k);
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header, 0);
        var fields = MemoryMarshal.Cast<byte, int>(header.AsSpan(8, 16));
        fields[0] = FormatVersion;
        fields[1] = lists.Rows;
        fields[2] = model.ItemFactors.Rows;
        fields[3] = k;
        MemoryMarshal.Write(header.AsSpan(24, 8), Fingerprint(model));

        // Records go out a few thousand at a time through one reused buffer.
        var perWrite = (int)Math.Max(1, (4L << 20) / record);
        var buffer = new byte[perWrite * record];
        try
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            stream.Write(header);
            for (var start = 0; start < lists.Rows; start += perWrite)
            {
                var rows = Math.Min(perWrite, lists.Rows - start);
                var span = buffer.AsSpan(0, (int)(rows * record));
                span.Clear();
                for (var r = 0; r < rows; r++)
                {
                    var at = span.Slice((int)(r * record), (int)record);
                    var count = lists.Count(start + r);
                    MemoryMarshal.Write(at, count);
                    lists.Items(start + r).CopyTo(MemoryMarshal.Cast<byte, int>(at.Slice(sizeof(int), k * sizeof(int))));
                    lists.Scores(start + r).CopyTo(MemoryMarshal.Cast<byte, float>(at.Slice(sizeof(int) * (1 + k), k * sizeof(float))));
                }

                stream.Write(span);
            }
        }
        catch (IOException e)
        {
            throw new EncoreException($"Cannot write ALS candidates '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// The lists at <paramref name="path"/> when they were found with <paramref name="model"/> and are at least
    /// <paramref name="k"/> long; null when the file is absent, of another format, model or heard matrix, shorter or
    /// truncated: the caller then searches the model itself.
    /// </summary>
    public static AlsCandidateLists? TryOpen(string path, AlsRecommender model, int k)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (k < 1 || !File.Exists(path) || !BitConverter.IsLittleEndian)
        {
            return null;
        }

        // Deletable while open: the ranker deletes it once used, whoever still holds it.
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            Span<byte> header = stackalloc byte[HeaderBytes];
            if (RandomAccess.Read(handle, header, 0) != HeaderBytes || !header[..8].SequenceEqual(Magic))
            {
                return null;
            }

            var fields = MemoryMarshal.Cast<byte, int>(header.Slice(8, 16));
            var (version, users, items, stored) = (fields[0], fields[1], fields[2], fields[3]);
            if (version != FormatVersion || users != model.UserFactors.Rows || items != model.ItemFactors.Rows || stored < k
                || RandomAccess.GetLength(handle) != HeaderBytes + (users * RecordBytes(stored))
                || MemoryMarshal.Read<ulong>(header.Slice(24, 8)) != Fingerprint(model))
            {
                return null;
            }

            var lists = new AlsCandidateLists(path, handle, model, stored);
            handle = null;
            return lists;
        }
        finally
        {
            handle?.Dispose();
        }
    }

    /// <summary>
    /// XXH3 of what the lists depend on: the factor matrices (shape and bits) and the positions of the heard matrix
    /// (the items each user's lists leave out). Its values do not change the lists and are left out.
    /// </summary>
    public static ulong Fingerprint(AlsRecommender model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var hash = new XxHash3();
        Span<int> shape = [model.UserFactors.Rows, model.UserFactors.Columns, model.ItemFactors.Rows, model.ItemFactors.Columns];
        hash.Append(MemoryMarshal.AsBytes(shape));
        hash.Append(MemoryMarshal.AsBytes<float>(model.UserFactors.Data));
        hash.Append(MemoryMarshal.AsBytes<float>(model.ItemFactors.Data));
        var heard = model.UserItems;
        Span<int> heardShape = [heard.Rows, heard.Columns];
        hash.Append(MemoryMarshal.AsBytes(heardShape));
        hash.Append(MemoryMarshal.AsBytes(heard.IndPtr));
        hash.Append(MemoryMarshal.AsBytes(heard.Indices));
        return hash.GetCurrentHashAsUInt64();
    }
}
