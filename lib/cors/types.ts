// The model of an S3 bucket CORS configuration, as the engine sees it (pure data, no AWS types).

/** A CORS rule in S3's own JSON shape (console, CLI, SDK `CORSRules` items). */
export interface S3CorsRule {
  ID?: string;
  AllowedOrigins?: string[];
  AllowedMethods?: string[];
  AllowedHeaders?: string[];
  ExposeHeaders?: string[];
  MaxAgeSeconds?: number;
}

/** Where something came from, for messages and SARIF. All optional: scanned configs have no file. */
export interface SourceLocation {
  /** Path as the user gave it, or `s3://<bucket>` for a scanned configuration. */
  file?: string;
  /** CloudFormation logical id, Terraform resource address, or bucket name. */
  resource?: string;
  /** 0-based index of the rule in its configuration. */
  ruleIndex?: number;
  /** 1-based line where the format gives one (JSON, YAML, XML). */
  line?: number;
  column?: number;
}

/** One CORS rule, values kept exactly as written (S3 stores them unnormalised, spec §1.2). */
export interface CorsRule {
  id?: string;
  allowedOrigins: string[];
  /** As written; may hold values PutBucketCors rejects (validation reports them). */
  allowedMethods: string[];
  /** Empty when the rule has no AllowedHeader (it then admits only requests without ACRH, spec §3.3). */
  allowedHeaders: string[];
  exposeHeaders: string[];
  /** Absent when not set. NaN when the source held something that is not a number. */
  maxAgeSeconds?: number;
  location: SourceLocation;
  /**
   * Members given by a value only known at deploy time (a CloudFormation intrinsic in place of the whole list):
   * they read as empty, and validation does not report them missing.
   */
  unresolved?: CorsListField[];
  /**
   * Positions of list items given by an intrinsic (`!Ref AppOrigin`, `!Sub 'https://${Domain}'`): they hold the
   * parser's placeholder text, not what S3 will store, so checks that judge the text as written skip them.
   */
  unresolvedItems?: Partial<Record<CorsListField, number[]>>;
}

/** The list members of a CorsRule. */
export type CorsListField = 'allowedOrigins' | 'allowedMethods' | 'allowedHeaders' | 'exposeHeaders';

export interface CorsConfiguration {
  rules: CorsRule[];
  /** Size in bytes of the PutBucketCors XML body for this configuration (the 64 KB limit applies to it). */
  sizeBytes: number;
}

/** One configuration found in an input file (a file may hold several, e.g. a CloudFormation template). */
export interface ParsedConfiguration {
  /** Bucket or resource name: CloudFormation logical id, Terraform address, or the file name. */
  name: string;
  location: SourceLocation;
  config: CorsConfiguration;
}
