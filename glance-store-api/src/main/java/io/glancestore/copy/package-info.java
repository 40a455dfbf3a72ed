/**
 * Copying images between stores (Glance's {@code copy-image} import) and migrating a whole store
 * to another while both serve: {@link io.glancestore.copy.ImageCopier},
 * {@link io.glancestore.copy.StoreMigration}.
 */
package io.glancestore.copy;
