import { describe, expect, it } from 'vitest';
import { fromS3Rules } from '../../lib/cors/serialize';
import { methodsOf, ruleContextOf, withReport, type RuleReport } from '../../lib/rules/define-rule';

describe('methodsOf', () => {
  const context = ruleContextOf(
    fromS3Rules([
      { AllowedOrigins: ['https://a.example'], AllowedMethods: ['DELETE', 'GET', 'PUT', 'PUT', 'HEAD', 'POST'] },
      { AllowedOrigins: ['https://b.example'], AllowedMethods: ['DELETE', 'GET', 'PUT', 'HEAD', 'POST'] },
      { AllowedOrigins: ['https://c.example'], AllowedMethods: ['get', 'OPTIONS', 'HEAD'] },
      { AllowedOrigins: ['https://d.example'], AllowedMethods: [] },
    ]),
  );

  it('lists distinct write, read and upload methods in the order written, with their message texts', () => {
    expect(methodsOf(context, 0)).toEqual({
      write: ['DELETE', 'PUT', 'POST'],
      read: ['GET', 'HEAD'],
      uploads: ['PUT', 'POST'],
      writeText: 'DELETE, PUT, POST',
      readText: 'GET, HEAD',
    });
  });

  it('shares one answer between rules writing the same methods in the same order', () => {
    expect(methodsOf(context, 1)).toBe(methodsOf(context, 0));
  });

  it("ignores what is not one of S3's five methods (methods are case-sensitive)", () => {
    expect(methodsOf(context, 2)).toMatchObject({ write: [], read: ['HEAD'], writeText: '', readText: 'HEAD' });
    expect(methodsOf(context, 3)).toMatchObject({ write: [], read: [], uploads: [] });
    expect(methodsOf(context, 9)).toMatchObject({ write: [], read: [] });
  });
});

describe('withReport', () => {
  const report = (ruleIndex: number): RuleReport => ({ ruleIndex, messageId: 'm', data: {}, evidence: {} });

  it('starts a list with the first report and appends the next ones in order', () => {
    const first = withReport(undefined, report(0));
    expect(first).toEqual([report(0)]);
    const second = withReport(first, report(1));
    expect(second).toBe(first);
    expect(second.map((item) => item.ruleIndex)).toEqual([0, 1]);
  });
});
